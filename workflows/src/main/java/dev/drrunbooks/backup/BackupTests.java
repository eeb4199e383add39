package dev.drrunbooks.backup;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Restore tests: they write only to a scratch prefix and a scratch schema, and clean both up. */
@ActivityInterface
public interface BackupTests {

  @ActivityMethod(name = "TestRestoreToScratch")
  ScratchRestore testRestore(ScratchRestoreCommand command);

  @ActivityMethod(name = "TestRestoreTables")
  TableRestoreCheck restoreTables(TableRestoreCommand command);
}

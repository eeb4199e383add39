package dev.drrunbooks.sandbox;

import dev.drrunbooks.service.ServiceRef;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reaches the worker's in-process sandbox world: one world per worker process. */
@ActivityInterface
public interface SandboxActivities {

  /** Applies the command to the sandboxed service and says where it stands afterwards. */
  @ActivityMethod(name = "ControlSandbox")
  String control(SandboxCommand command, ServiceRef service, String family);

  /** The facts a drill compares before and after: see {@link SandboxState}. */
  @ActivityMethod(name = "SandboxState")
  SandboxState state(SandboxStateQuery query);
}

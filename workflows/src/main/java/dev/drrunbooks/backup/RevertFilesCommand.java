package dev.drrunbooks.backup;

import dev.drrunbooks.service.RestoredFile;
import java.util.List;

/** Put the versions the files had before a restore back (S3 CopyObject of the old version). */
public record RevertFilesCommand(
    dev.drrunbooks.profile.ServiceProfile.Target target, String region, List<RestoredFile> files) {}

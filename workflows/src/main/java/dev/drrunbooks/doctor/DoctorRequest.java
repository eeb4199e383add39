package dev.drrunbooks.doctor;

/**
 * What {@code runbook doctor} asks a worker to inspect: one service's profile (and the AWS
 * credentials of its regions when it targets AWS), or, with {@code service} null, every profile.
 */
public record DoctorRequest(String service) {

  public static final DoctorRequest ALL = new DoctorRequest(null);
}

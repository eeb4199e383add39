package dev.drrunbooks.profile;

import java.util.List;

/**
 * Where a restored RDS instance lands and what it is, so that the service can reach it: its subnet
 * group and security groups (without them RDS uses the default VPC and security group), its
 * parameter group, instance class and Multi-AZ. Each is copied from the source instance while it
 * exists; a value the profile gives ({@code database.restore}) wins, and is what a restore of a
 * deleted instance lands with. Null fields are "as the source has it".
 */
public record RestorePlacement(
    String subnetGroup,
    List<String> securityGroupIds,
    String parameterGroup,
    String instanceClass,
    Boolean multiAz) {

  public static final RestorePlacement NONE = new RestorePlacement(null, null, null, null, null);

  /** This placement with the other's values where this one has none. */
  public RestorePlacement orElse(RestorePlacement other) {
    if (other == null) {
      return this;
    }
    return new RestorePlacement(
        subnetGroup != null ? subnetGroup : other.subnetGroup,
        securityGroupIds != null && !securityGroupIds.isEmpty()
            ? securityGroupIds
            : other.securityGroupIds,
        parameterGroup != null ? parameterGroup : other.parameterGroup,
        instanceClass != null ? instanceClass : other.instanceClass,
        multiAz != null ? multiAz : other.multiAz);
  }

  /** Whether the network is named: without it the restored instance lands where AWS defaults. */
  public boolean namesTheNetwork() {
    return subnetGroup != null && securityGroupIds != null && !securityGroupIds.isEmpty();
  }

  /** E.g. {@code subnet group sync-db-subnets, security groups sg-1, db.t4g.medium, Multi-AZ}. */
  public String oneLine() {
    StringBuilder s = new StringBuilder("subnet group ").append(subnetGroup);
    s.append(", security groups ")
        .append(securityGroupIds == null ? "none" : String.join(" ", securityGroupIds));
    if (parameterGroup != null) {
      s.append(", parameter group ").append(parameterGroup);
    }
    if (instanceClass != null) {
      s.append(", ").append(instanceClass);
    }
    if (Boolean.TRUE.equals(multiAz)) {
      s.append(", Multi-AZ");
    }
    return s.toString();
  }
}

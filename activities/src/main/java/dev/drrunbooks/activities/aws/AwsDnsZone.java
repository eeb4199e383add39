package dev.drrunbooks.activities.aws;

import dev.drrunbooks.activities.capability.DnsZone;
import dev.drrunbooks.service.DnsRecords;
import dev.drrunbooks.service.DnsTarget;
import java.util.Locale;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The DNS capability on Route 53 (a global service). A {@code CNAME} keeps its TTL; an {@code
 * ALIAS} is an A record aliased to the load balancer, evaluating the target's health.
 */
final class AwsDnsZone implements DnsZone {

  private static final AwsFailures.Mapper ZONE_ERRORS =
      (call, e) ->
          e instanceof NoSuchHostedZoneException
              ? AwsFailures.nonRetryable(
                  call,
                  (software.amazon.awssdk.awscore.exception.AwsServiceException) e,
                  DnsRecords.RECORD_NOT_FOUND)
              : null;

  private final Route53Client route53;

  public AwsDnsZone(Route53Client route53) {
    this.route53 = route53;
  }

  @Override
  public DnsTarget read(String hostedZoneId, String recordName) {
    ListResourceRecordSetsResponse page =
        AwsFailures.call(
            "Route 53 ListResourceRecordSets",
            () ->
                route53.listResourceRecordSets(
                    r -> r.hostedZoneId(hostedZoneId).startRecordName(recordName).maxItems("10")),
            ZONE_ERRORS);
    for (ResourceRecordSet set : page.resourceRecordSets()) {
      if (!normal(set.name()).equals(normal(recordName))) {
        continue;
      }
      if (set.type() == RRType.CNAME && !set.resourceRecords().isEmpty()) {
        return new DnsTarget(
            "CNAME",
            set.resourceRecords().get(0).value(),
            null,
            set.ttl() == null ? null : set.ttl().intValue());
      }
      if (set.type() == RRType.A && set.aliasTarget() != null) {
        return DnsTarget.alias(set.aliasTarget().dnsName(), set.aliasTarget().hostedZoneId());
      }
    }
    return null;
  }

  @Override
  public String upsert(String hostedZoneId, String recordName, DnsTarget target, String comment) {
    ResourceRecordSet.Builder set = ResourceRecordSet.builder().name(recordName);
    if ("ALIAS".equals(target.type())) {
      set.type(RRType.A)
          .aliasTarget(
              a ->
                  a.dnsName(target.value())
                      .hostedZoneId(target.aliasHostedZoneId())
                      .evaluateTargetHealth(true));
    } else {
      set.type(RRType.CNAME)
          .ttl(target.ttlSeconds() == null ? 60L : target.ttlSeconds().longValue())
          .resourceRecords(r -> r.value(target.value()));
    }
    return AwsFailures.call(
            "Route 53 ChangeResourceRecordSets",
            () ->
                route53.changeResourceRecordSets(
                    r ->
                        r.hostedZoneId(hostedZoneId)
                            .overrideConfiguration(AwsClients::asWrite)
                            .changeBatch(
                                b ->
                                    b.comment(comment)
                                        .changes(
                                            c ->
                                                c.action(ChangeAction.UPSERT)
                                                    .resourceRecordSet(set.build())))),
            ZONE_ERRORS)
        .changeInfo()
        .id();
  }

  @Override
  public String changeStatus(String changeId) {
    return AwsFailures.call(
            "Route 53 GetChange",
            () -> route53.getChange(r -> r.id(changeId)),
            AwsFailures.Mapper.NONE)
        .changeInfo()
        .statusAsString();
  }

  private static String normal(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }
}

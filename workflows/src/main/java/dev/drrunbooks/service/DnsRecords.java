package dev.drrunbooks.service;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The public name's DNS record in Route 53 (or the sandbox's zone). The switch reads before it
 * writes, so a retry after a lost answer writes nothing twice; the workflow then polls the change
 * until Route 53 says INSYNC, with a durable timer between polls.
 */
@ActivityInterface
public interface DnsRecords {

  /** The hosted zone has no such record (of type CNAME or A). */
  String RECORD_NOT_FOUND = "DnsRecordNotFound";

  /** Route 53 ListResourceRecordSets, starting at the record's name. */
  @ActivityMethod(name = "ReadDnsRecord")
  DnsTarget readRecord(DnsQuery query);

  /** Route 53 ChangeResourceRecordSets UPSERT, unless the record already points there. */
  @ActivityMethod(name = "SwitchDnsRecord")
  DnsChange switchRecord(DnsSwitchCommand command);

  /** Route 53 GetChange: {@code PENDING} or {@code INSYNC}. */
  @ActivityMethod(name = "DnsChangeStatus")
  String changeStatus(DnsQuery record, String changeId);
}

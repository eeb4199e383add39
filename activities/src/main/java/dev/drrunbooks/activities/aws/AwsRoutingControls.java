package dev.drrunbooks.activities.aws;

import dev.drrunbooks.activities.capability.RoutingControls;
import dev.drrunbooks.profile.ServiceProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.route53recoverycluster.Route53RecoveryClusterClient;
import software.amazon.awssdk.services.route53recoverycluster.model.Route53RecoveryClusterException;
import software.amazon.awssdk.services.route53recoverycluster.model.RoutingControlState;
import software.amazon.awssdk.services.route53recoverycluster.model.UpdateRoutingControlStateEntry;

/**
 * ARC routing controls through the cluster's regional endpoints. ARC asks clients to try the
 * endpoints in turn: one that does not answer (or answers 5xx, or throttles) is skipped for the
 * next; a refusal (a safety rule, access denied) is final and named.
 */
final class AwsRoutingControls implements RoutingControls {

  private final Function<
          ServiceProfile.Failover.RoutingControl.ClusterEndpoint, Route53RecoveryClusterClient>
      clients;

  /** Builds a client for an endpoint: its region and its URL as the endpoint override. */
  public AwsRoutingControls(
      Function<ServiceProfile.Failover.RoutingControl.ClusterEndpoint, Route53RecoveryClusterClient>
          clients) {
    this.clients = clients;
  }

  @Override
  public Map<String, String> states(ServiceProfile.Failover.RoutingControl config) {
    return onAnyEndpoint(
        config,
        "ARC GetRoutingControlState",
        client -> {
          Map<String, String> states = new LinkedHashMap<>();
          for (String arn : List.of(config.primaryControlArn(), config.standbyControlArn())) {
            states.put(
                arn,
                client
                    .getRoutingControlState(r -> r.routingControlArn(arn))
                    .routingControlStateAsString());
          }
          return states;
        });
  }

  @Override
  public void set(ServiceProfile.Failover.RoutingControl config, Map<String, String> states) {
    List<UpdateRoutingControlStateEntry> entries = new ArrayList<>();
    states.forEach(
        (arn, state) ->
            entries.add(
                UpdateRoutingControlStateEntry.builder()
                    .routingControlArn(arn)
                    .routingControlState(RoutingControlState.fromValue(state))
                    .build()));
    onAnyEndpoint(
        config,
        "ARC UpdateRoutingControlStates",
        client ->
            client.updateRoutingControlStates(r -> r.updateRoutingControlStateEntries(entries)));
  }

  private <T> T onAnyEndpoint(
      ServiceProfile.Failover.RoutingControl config,
      String call,
      Function<Route53RecoveryClusterClient, T> action) {
    List<String> tried = new ArrayList<>();
    for (ServiceProfile.Failover.RoutingControl.ClusterEndpoint endpoint : config.endpoints()) {
      try {
        return AwsFailures.call(
            call, () -> action.apply(clients.apply(endpoint)), AwsFailures.Mapper.NONE);
      } catch (io.temporal.failure.ApplicationFailure failure) {
        if (failure.isNonRetryable()) {
          throw failure; // refused: another endpoint would refuse too
        }
        tried.add(endpoint.region() + ": " + failure.getOriginalMessage());
      } catch (SdkClientException | Route53RecoveryClusterException unreachable) {
        tried.add(endpoint.region() + ": " + unreachable.getClass().getSimpleName());
      }
    }
    throw io.temporal.failure.ApplicationFailure.newFailure(
        call + ": no cluster endpoint answered (" + String.join("; ", tried) + ")",
        "ArcUnavailable");
  }
}

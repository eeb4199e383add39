package dev.drrunbooks.worker;

import dev.drrunbooks.runbook.Runbook;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.context.ContextPropagator;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Carries the runbook step a workflow is in to the activities it schedules, in a Temporal header,
 * so the activity's log lines name the step as well ({@code step} in the log context, beside the
 * SDK's own {@code WorkflowId}, {@code RunId} and {@code ActivityType}). Only the step's id
 * travels: never a value of the request.
 */
final class StepLogContext implements ContextPropagator {

  static final String HEADER = "runbook-step";

  @Override
  public String getName() {
    return HEADER;
  }

  @Override
  public Object getCurrentContext() {
    return MDC.get(Runbook.LOG_STEP);
  }

  @Override
  public void setCurrentContext(Object context) {
    if (context instanceof String step) {
      MDC.put(Runbook.LOG_STEP, step);
    } else {
      MDC.remove(Runbook.LOG_STEP);
    }
  }

  @Override
  public Map<String, Payload> serializeContext(Object context) {
    if (!(context instanceof String step)) {
      return Map.of();
    }
    return Map.of(HEADER, DefaultDataConverter.STANDARD_INSTANCE.toPayload(step).orElseThrow());
  }

  @Override
  public Object deserializeContext(Map<String, Payload> header) {
    Payload payload = header.get(HEADER);
    return payload == null
        ? null
        : DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
  }
}

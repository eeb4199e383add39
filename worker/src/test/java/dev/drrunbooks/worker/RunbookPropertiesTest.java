package dev.drrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunbookPropertiesTest {

  /** A tuning value that would stop the worker from ever running anything is refused by name. */
  @Test
  void zeroSlotsOrPollers_areRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new RunbookProperties.Tuning(null, 0, null, null, null))
        .hasMessage("runbook.temporal.tuning.activity-slots must be at least 1 (was 0)");
    assertThatThrownBy(() -> new RunbookProperties.Tuning(null, null, -2, null, null))
        .hasMessageContaining("workflow-pollers");
    // The metrics endpoint listens on loopback unless RUNBOOK_METRICS_BIND says otherwise.
    assertThat(new RunbookProperties.Metrics(9464, null).bind()).isEqualTo("127.0.0.1");
    assertThat(new RunbookProperties.Metrics(9464, " 0.0.0.0 ").bind()).isEqualTo("0.0.0.0");
    assertThatThrownBy(() -> new RunbookProperties.Metrics(70000, null))
        .hasMessageContaining("runbook.metrics.port");
  }

  /** Unset means the SDK's defaults, and no metrics endpoint; the server from the environment. */
  @Test
  void unsetSettings_keepTheDefaults() {
    RunbookProperties p = new RunbookProperties(null, null, null, null, null, null);
    assertThat(p.temporal().tuning())
        .isEqualTo(new RunbookProperties.Tuning(null, null, null, null, null));
    assertThat(p.metrics().port()).isNull();
    assertThat(p.temporal().address()).isNull();
    assertThat(p.temporal().plaintext()).isFalse();
    assertThat(p.temporal().taskQueue()).isEqualTo("dr-runbooks");
  }
}

package dev.drrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic behind runbook bench's figures (the figures themselves are in the docs). */
class BenchFiguresTest {

  @Test
  void percentile_isTheNearestRank() {
    List<Long> values = List.of(5L, 1L, 4L, 2L, 3L, 100L, 6L, 7L, 8L, 9L);
    assertThat(BenchHistory.percentile(values, 50)).isEqualTo(5);
    assertThat(BenchHistory.percentile(values, 99)).isEqualTo(100);
    assertThat(BenchHistory.percentile(values, 90)).isEqualTo(9);
    assertThat(BenchHistory.percentile(List.of(), 50)).isZero();
  }

  @Test
  void heap_isTheSumOfTheHeapPools_fromTheWorkersPrometheusText() {
    String scrape =
        """
        # TYPE jvm_memory_used_bytes gauge
        jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.048576E7
        jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.097152E7
        jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9999999E7
        """;
    assertThat(BenchHistory.heapFrom(scrape)).isEqualTo(31_457_280L);
    assertThat(BenchHistory.heapFrom("")).isZero();
  }

  @Test
  void criticalPath_waitsForTheLongerOfStandbyStartAndApproval() {
    long h = 6_000, d = 6_000, v = 2_000;
    assertThat(BenchCommand.Recovery.APP_ROLLBACK.criticalPathMillis(h, d, v)).isEqualTo(14_000);
    assertThat(BenchCommand.Recovery.DATA_RESTORE.criticalPathMillis(h, d, v)).isEqualTo(26_000);
    // max(h, d) + h + d (promotion) + DNS max(1 s, d/3) + v + Notion catching up (5d/3)
    assertThat(BenchCommand.Recovery.REGION_FAILOVER.criticalPathMillis(1_000, d, v))
        .isEqualTo(6_000 + 1_000 + 6_000 + 2_000 + 2_000 + 10_000);
  }
}

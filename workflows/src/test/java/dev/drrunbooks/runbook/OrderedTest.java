package dev.drrunbooks.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Facts, evidence and labels come out in the same order on every worker: a chosen order is kept, a
 * salted one ({@code Map.of}) is sorted; and no workflow code copies a map with {@code Map.copyOf},
 * whose order changes from one JVM to the next.
 */
class OrderedTest {

  @Test
  void chosenOrderIsKept_saltedOrderIsSorted() {
    Map<String, String> chosen = new LinkedHashMap<>();
    chosen.put("compared", "10");
    chosen.put("missing", "a#1");
    chosen.put("age", "3s");

    assertThat(Ordered.copy(chosen).keySet()).containsExactly("compared", "missing", "age");
    assertThat(
            Ordered.copy(Map.of("via", "alice@laptop", "decision", "APPROVE", "at", "t")).keySet())
        .containsExactly("at", "decision", "via");
    assertThat(Ordered.copy(null)).isEmpty();
  }

  @Test
  void workflowCode_neverCopiesAMapInTheJvmsOwnOrder() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
      assertThat(
              files
                  .filter(f -> f.toString().endsWith(".java"))
                  .filter(f -> read(f).contains("Map.copyOf("))
                  .map(Path::toString))
          .as("use Ordered.copy: Map.copyOf iterates in a per-JVM order")
          .isEmpty();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

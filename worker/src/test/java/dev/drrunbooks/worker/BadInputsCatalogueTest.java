package dev.drrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every test docs/bad-inputs.md cites exists: the catalogue cannot point at proof that is gone. */
class BadInputsCatalogueTest {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyCitedTestExists() throws Exception {
    String catalogue = Files.readString(ROOT.resolve("docs/bad-inputs.md"));
    Matcher cited =
        Pattern.compile("`([A-Z][A-Za-z]*(?:Test|IT))\\.([a-zA-Z_]+)`").matcher(catalogue);
    List<String> missing = new ArrayList<>();
    int count = 0;
    while (cited.find()) {
      count++;
      String type = cited.group(1);
      String method = cited.group(2);
      Path source = find(type + ".java");
      if (source == null
          || !Pattern.compile("void " + method + "\\(").matcher(Files.readString(source)).find()) {
        missing.add(type + "." + method);
      }
    }
    assertThat(count).isGreaterThan(40);
    assertThat(missing).as("tests cited in docs/bad-inputs.md that do not exist").isEmpty();
  }

  private static Path find(String file) throws Exception {
    for (String module : List.of("workflows", "activities", "starter", "worker")) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/test/java"))) {
        Path found =
            files.filter(p -> p.getFileName().toString().equals(file)).findFirst().orElse(null);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}

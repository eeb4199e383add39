package dev.drrunbooks.receiver;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.drrunbooks.incident.Recoveries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which alerts open (or join) which service's incident: {@code runbooks/alert-routes.yaml}. The
 * first route whose every {@code match} label equals the alert's wins; an alert no route matches
 * starts nothing and is answered as such.
 *
 * @param routes in order of precedence
 */
public record AlertRoutes(List<Route> routes) {

  /**
   * One rule.
   *
   * @param name for the answer and the logs
   * @param match labels that must all be equal (Alertmanager: {@code alertname}, {@code service},
   *     ...)
   * @param service the profile the incident is for; or
   * @param serviceLabel the label that names the profile
   * @param trigger the name the incident's trigger carries (the profile's {@code
   *     incident.autoStart} matches it); default: the alert's {@code alertname}
   * @param procedure a recovery to propose instead of the assessment's; null keeps the assessment's
   * @param minFiringSeconds an alert firing for less than this starts nothing yet (Alertmanager
   *     sends it again); 0 starts at once
   */
  public record Route(
      String name,
      Map<String, String> match,
      String service,
      String serviceLabel,
      String trigger,
      String procedure,
      int minFiringSeconds) {

    boolean matches(Map<String, String> labels) {
      return match != null
          && !match.isEmpty()
          && match.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** The profile the alert is about, or null when its service label is missing. */
    String serviceOf(Map<String, String> labels) {
      return service != null ? service : labels.get(serviceLabel);
    }
  }

  public AlertRoutes {
    routes = routes == null ? List.of() : List.copyOf(routes);
  }

  /** The first route for these labels, or null. */
  public Route route(Map<String, String> labels) {
    return routes.stream().filter(r -> r.matches(labels)).findFirst().orElse(null);
  }

  /** Reads and checks the file; every problem names its route and field. */
  public static AlertRoutes load(Path file) {
    ObjectMapper yaml =
        JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    AlertRoutes routes;
    try {
      routes = yaml.readValue(Files.readAllBytes(file), AlertRoutes.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "alert routes " + file + " cannot be read: " + e.getMessage().split("\n")[0], e);
    }
    List<String> problems = routes.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "alert routes " + file + " are invalid: " + String.join("; ", problems));
    }
    return routes;
  }

  List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < routes.size(); i++) {
      Route r = routes.get(i);
      String at = "routes[" + i + "]" + (r.name() == null ? "" : " (" + r.name() + ")");
      if (r.match() == null || r.match().isEmpty()) {
        problems.add(at + ".match must name at least one label");
      }
      if ((r.service() == null) == (r.serviceLabel() == null)) {
        problems.add(at + " needs exactly one of service and serviceLabel");
      }
      if (r.procedure() != null && !Recoveries.NAMES.contains(r.procedure())) {
        problems.add(at + ".procedure must be one of " + String.join(", ", Recoveries.NAMES));
      }
      if (r.minFiringSeconds() < 0) {
        problems.add(at + ".minFiringSeconds must be 0 or more");
      }
    }
    return problems;
  }
}

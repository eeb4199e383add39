package dev.drrunbooks.activities.profile;

import java.util.List;

/** Collects a profile's problems, each naming its field. */
record ProfileCheck(List<String> problems) {
  void that(boolean ok, String field, String message) {
    if (!ok) {
      problems.add(field + " " + message);
    }
  }

  boolean present(Object value, String field) {
    that(value != null, field, "is required");
    return value != null;
  }

  void text(String value, String field) {
    that(value != null && !value.isBlank(), field, "is required");
  }
}

package dev.drrunbooks.activities.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * An SDK model object as the JSON the AWS API speaks (member names as in the API, e.g. {@code
 * containerDefinitions}), walked through the SDK's own field metadata: a task definition kept in a
 * backup reads like {@code aws ecs describe-task-definition} output.
 */
final class SdkJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static JsonNode of(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof SdkPojo pojo) {
      ObjectNode node = NODES.objectNode();
      for (SdkField<?> field : pojo.sdkFields()) {
        Object v = field.getValueOrDefault(pojo);
        if (v == null
            || (v instanceof software.amazon.awssdk.core.util.SdkAutoConstructList<?>)
            || (v instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap<?, ?>)) {
          continue;
        }
        node.set(lowerFirst(field.memberName()), of(v));
      }
      return node;
    }
    if (value instanceof List<?> list) {
      ArrayNode array = NODES.arrayNode();
      list.forEach(v -> array.add(of(v)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode node = NODES.objectNode();
      map.forEach((k, v) -> node.set(String.valueOf(k), of(v)));
      return node;
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (value instanceof Instant t) {
      return NODES.textNode(t.toString());
    }
    if (value instanceof SdkBytes bytes) {
      return NODES.textNode(bytes.asUtf8String());
    }
    return NODES.textNode(String.valueOf(value));
  }

  private static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private SdkJson() {}
}

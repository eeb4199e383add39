package dev.drrunbooks.activities.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A report's Markdown as Notion blocks: headings, bulleted items, paragraphs, and each Markdown
 * table as one code block (Notion has no Markdown tables), its columns kept aligned. Notion takes
 * at most 100 blocks with a new page and 2,000 characters per text; a longer report ends with a
 * block saying it was cut, the full one being in the stored Markdown.
 */
final class NotionBlocks {

  static final int MAX_BLOCKS = 100;
  static final int MAX_TEXT = 2000;

  private NotionBlocks() {}

  static ArrayNode fromMarkdown(ObjectMapper json, String markdown) {
    List<ObjectNode> blocks = new ArrayList<>();
    List<String> table = new ArrayList<>();
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("|")) {
        table.add(line);
        continue;
      }
      if (!table.isEmpty()) {
        blocks.add(code(json, String.join("\n", table)));
        table.clear();
      }
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("### ")) {
        blocks.add(block(json, "heading_3", line.substring(4)));
      } else if (line.startsWith("## ")) {
        blocks.add(block(json, "heading_2", line.substring(3)));
      } else if (line.startsWith("# ")) {
        blocks.add(block(json, "heading_1", line.substring(2)));
      } else if (line.startsWith("- ") || line.startsWith("* ")) {
        blocks.add(block(json, "bulleted_list_item", line.substring(2)));
      } else {
        blocks.add(block(json, "paragraph", line));
      }
    }
    if (!table.isEmpty()) {
      blocks.add(code(json, String.join("\n", table)));
    }
    ArrayNode out = json.createArrayNode();
    for (int i = 0; i < blocks.size(); i++) {
      if (i == MAX_BLOCKS - 1 && blocks.size() > MAX_BLOCKS) {
        out.add(
            block(
                json,
                "paragraph",
                "(cut here: "
                    + (blocks.size() - i)
                    + " more blocks are in the stored Markdown report)"));
        break;
      }
      out.add(blocks.get(i));
    }
    return out;
  }

  static ArrayNode richText(ObjectMapper json, String text) {
    ArrayNode parts = json.createArrayNode();
    String rest = text;
    do {
      String part = rest.length() > MAX_TEXT ? rest.substring(0, MAX_TEXT) : rest;
      rest = rest.substring(part.length());
      ObjectNode t = parts.addObject();
      t.put("type", "text");
      t.putObject("text").put("content", part);
    } while (!rest.isEmpty() && parts.size() < 50);
    return parts;
  }

  private static ObjectNode block(ObjectMapper json, String type, String text) {
    ObjectNode block = json.createObjectNode();
    block.put("object", "block");
    block.put("type", type);
    block.putObject(type).set("rich_text", richText(json, text.replace("**", "")));
    return block;
  }

  private static ObjectNode code(ObjectMapper json, String text) {
    ObjectNode block = json.createObjectNode();
    block.put("object", "block");
    block.put("type", "code");
    ObjectNode code = block.putObject("code");
    code.set("rich_text", richText(json, text));
    code.put("language", "markdown");
    return block;
  }
}

package dev.pipelineguard.validator.model;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code imagedefinitions.json}, the file CodePipeline's ECS (standard) deploy action reads: a JSON
 * array of {@code {"name": <container name>, "imageUri": <image>}}. Parsing keeps every entry it
 * can read and lists every problem, so one run reports all of them.
 */
public record ImageDefinitions(List<Entry> entries, List<String> problems) {
  public static final String FILE_NAME = "imagedefinitions.json";
  public static final int MAX_BYTES = 100_000;

  public ImageDefinitions {
    entries = List.copyOf(entries);
    problems = List.copyOf(problems);
  }

  /** One container's new image; {@code image} is null when {@code imageUri} is malformed. */
  public record Entry(String name, String imageUri, ImageUri image) {}

  public static ImageDefinitions parse(byte[] content) {
    List<String> problems = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    if (content.length > MAX_BYTES) {
      problems.add(FILE_NAME + " is larger than " + MAX_BYTES + " bytes");
      return new ImageDefinitions(entries, problems);
    }
    Json root;
    try {
      root = Json.parse(content);
    } catch (JsonException e) {
      problems.add(FILE_NAME + " is not valid JSON (" + e.getMessage() + ")");
      return new ImageDefinitions(entries, problems);
    }
    if (root.isObject()) {
      problems.add(
          root.has("ImageURI")
              ? FILE_NAME
                  + " has the imageDetail.json format ({\"ImageURI\": ...}) of the ECS blue/green action; "
                  + "the ECS deploy action needs [{\"name\": ..., \"imageUri\": ...}]"
              : FILE_NAME
                  + " must be a JSON array [{\"name\": ..., \"imageUri\": ...}], not a single object");
      return new ImageDefinitions(entries, problems);
    }
    if (!root.isArray()) {
      problems.add(FILE_NAME + " must be a JSON array [{\"name\": ..., \"imageUri\": ...}]");
      return new ImageDefinitions(entries, problems);
    }
    if (root.elements().isEmpty()) {
      problems.add(FILE_NAME + " is an empty array: it names no container to deploy");
    }
    Map<String, Integer> seen = new LinkedHashMap<>();
    int index = 0;
    for (Json item : root.elements()) {
      String where = "entry " + index;
      index++;
      if (!item.isObject()) {
        problems.add(where + " must be an object {\"name\": ..., \"imageUri\": ...}");
        continue;
      }
      misspelled(item, "name", where, problems);
      misspelled(item, "imageUri", where, problems);
      String name = item.get("name").text();
      String uri = item.get("imageUri").text();
      if (!item.get("name").isString() || name.isEmpty()) {
        problems.add(
            where
                + " has no \"name\" (the container name in the task definition)"
                + (item.has("name") ? "; it is empty or not a string" : ""));
        name = null;
      } else if (seen.containsKey(name)) {
        problems.add(where + " repeats the container name " + TextSanitizer.quote(name));
      } else {
        seen.put(name, index - 1);
      }
      ImageUri image = null;
      if (!item.get("imageUri").isString()) {
        problems.add(where + " has no \"imageUri\" string");
      } else {
        ImageUri.Parsed parsed = ImageUri.parse(uri);
        if (parsed.image() == null) {
          problems.add(
              where
                  + (name == null ? "" : " (" + TextSanitizer.quote(name) + ")")
                  + ": imageUri "
                  + TextSanitizer.quote(uri)
                  + " "
                  + parsed.problem());
        }
        image = parsed.image();
      }
      if (name != null) {
        entries.add(new Entry(name, uri, image));
      }
    }
    return new ImageDefinitions(entries, problems);
  }

  private static void misspelled(Json item, String key, String where, List<String> problems) {
    if (item.has(key)) {
      return;
    }
    for (String actual : item.fields().keySet()) {
      if (actual.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
        problems.add(
            where
                + " spells the key "
                + TextSanitizer.quote(actual)
                + "; it must be exactly \""
                + key
                + "\"");
      }
    }
  }

  /**
   * Problems matching the entries to the task definition's containers: each name must be exactly a
   * container name (the deploy action fails otherwise).
   */
  public List<String> mismatches(List<String> containerNames) {
    List<String> out = new ArrayList<>();
    for (Entry entry : entries) {
      if (containerNames.contains(entry.name())) {
        continue;
      }
      String near = null;
      for (String container : containerNames) {
        if (container.equalsIgnoreCase(entry.name().strip())) {
          near = container;
        }
      }
      String names =
          containerNames.isEmpty()
              ? "(none)"
              : String.join(", ", containerNames.stream().map(TextSanitizer::quote).toList());
      out.add(
          "container "
              + TextSanitizer.quote(entry.name())
              + " is not in the task definition"
              + (near != null
                  ? " (did you mean " + TextSanitizer.quote(near) + "? names are exact)"
                  : "")
              + "; its containers are: "
              + TextSanitizer.clean(names, 600));
    }
    return out;
  }
}

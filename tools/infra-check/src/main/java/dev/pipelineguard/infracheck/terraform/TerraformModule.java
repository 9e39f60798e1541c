package dev.pipelineguard.infracheck.terraform;

import dev.pipelineguard.infracheck.terraform.Body.Attribute;
import dev.pipelineguard.infracheck.terraform.Body.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The declarations of one Terraform module: every *.tf file of one directory. */
final class TerraformModule {
  /** A declaration and the file (relative to the checked root) it is in. */
  record Declared<T>(T node, String file) {}

  final Path directory;
  final String displayPath;
  final List<Declared<Body>> files = new ArrayList<>();
  final Map<String, Declared<Block>> variables = new LinkedHashMap<>();
  final Map<String, Declared<Attribute>> locals = new LinkedHashMap<>();
  final Map<String, Declared<Block>> outputs = new LinkedHashMap<>();
  final Map<String, Declared<Block>> resources = new LinkedHashMap<>();
  final Map<String, Declared<Block>> dataSources = new LinkedHashMap<>();
  final Map<String, Declared<Block>> moduleCalls = new LinkedHashMap<>();
  final List<Finding> duplicates = new ArrayList<>();

  private TerraformModule(Path directory, String displayPath) {
    this.directory = directory;
    this.displayPath = displayPath;
  }

  /** Parses every *.tf file of the directory; paths in findings are relative to root. */
  static TerraformModule load(Path root, Path directory) {
    TerraformModule module = new TerraformModule(directory, display(root, directory));
    for (Path file : tfFiles(directory)) {
      String name = display(root, file);
      Body body = HclParser.parse(name, read(file));
      module.files.add(new Declared<>(body, name));
      module.declare(body, name);
    }
    return module;
  }

  static List<Path> tfFiles(Path directory) {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.filter(p -> p.getFileName().toString().endsWith(".tf") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static String display(Path root, Path path) {
    String relative = root.relativize(path).toString().replace('\\', '/');
    return relative.isEmpty() ? "." : relative;
  }

  private void declare(Body body, String file) {
    for (Block block : body.blocks()) {
      switch (block.type()) {
        case "variable" -> put(variables, "variable \"" + block.label(0) + "\"", block.label(0), block, file);
        case "output" -> put(outputs, "output \"" + block.label(0) + "\"", block.label(0), block, file);
        case "module" -> put(moduleCalls, "module \"" + block.label(0) + "\"", block.label(0), block, file);
        case "resource" -> put(resources, "resource " + block.label(0) + "." + block.label(1), block.label(0) + "." + block.label(1), block, file);
        case "data" -> put(dataSources, "data " + block.label(0) + "." + block.label(1), block.label(0) + "." + block.label(1), block, file);
        case "locals" -> {
          for (Attribute local : block.body().attributes()) {
            Declared<Attribute> previous = locals.putIfAbsent(local.name(), new Declared<>(local, file));
            if (previous != null) {
              duplicates.add(new Finding(file, local.line(), "local." + local.name() + " is declared twice (also in " + previous.file() + ")"));
            }
          }
        }
        default -> { }
      }
    }
  }

  private void put(Map<String, Declared<Block>> map, String what, String key, Block block, String file) {
    Declared<Block> previous = map.putIfAbsent(key, new Declared<>(block, file));
    if (previous != null) {
      duplicates.add(new Finding(file, block.line(), what + " is declared twice (also in " + previous.file() + ":" + previous.node().line() + ")"));
    }
  }

  /** Variables without a default: a module call must pass them. */
  List<String> requiredVariables() {
    return variables.entrySet().stream()
        .filter(e -> e.getValue().node().body().attribute("default").isEmpty())
        .map(Map.Entry::getKey)
        .toList();
  }
}

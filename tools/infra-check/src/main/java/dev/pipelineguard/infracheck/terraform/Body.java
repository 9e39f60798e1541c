package dev.pipelineguard.infracheck.terraform;

import java.util.List;
import java.util.Optional;

/** The attributes and nested blocks of a file or of a block, in source order. */
record Body(String file, List<Attribute> attributes, List<Block> blocks) {

  /** {@code name = expression}; the expression is kept as tokens. */
  record Attribute(String name, List<Token> expression, int line) {}

  /** {@code type "label" ... { body }}. */
  record Block(String type, List<String> labels, Body body, int line) {
    String label(int index) {
      return index < labels.size() ? labels.get(index) : "";
    }
  }

  Optional<Attribute> attribute(String name) {
    return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  List<Block> blocks(String type) {
    return blocks.stream().filter(b -> b.type().equals(type)).toList();
  }
}

package dev.pipelineguard.infracheck.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.infracheck.terraform.Body.Block;
import org.junit.jupiter.api.Test;

class HclParserTest {

  @Test
  void parsesLabelledNestedAndOneLineBlocks() {
    Body body =
        HclParser.parse(
            "t.tf",
            """
        resource "aws_s3_bucket" "this" {
          bucket = "b"
          versioning { enabled = true }
          lifecycle {
            ignore_changes = [tags]
          }
        }
        locals {
          a = 1
        }
        """);

    Block resource = body.blocks("resource").get(0);
    assertThat(resource.labels()).containsExactly("aws_s3_bucket", "this");
    assertThat(resource.line()).isEqualTo(1);
    assertThat(resource.body().blocks())
        .extracting(Block::type)
        .containsExactly("versioning", "lifecycle");
    assertThat(resource.body().blocks("versioning").get(0).body().attribute("enabled")).isPresent();
    assertThat(body.blocks("locals").get(0).body().attribute("a").orElseThrow().line())
        .isEqualTo(9);
  }

  @Test
  void multiLineExpressionsBelongToOneAttribute() {
    Body body =
        HclParser.parse(
            "t.tf",
            """
        a = merge(
          var.x,
          { k = local.y },
        )
        b = [
          for s in var.list : s
        ]
        """);

    assertThat(body.attributes()).extracting(Body.Attribute::name).containsExactly("a", "b");
  }

  @Test
  void reportsAMissingClosingBrace() {
    assertThatThrownBy(() -> HclParser.parse("main.tf", "variable \"x\" {\n  type = string\n"))
        .isInstanceOf(HclSyntaxException.class)
        .hasMessageStartingWith("main.tf:");
  }

  @Test
  void reportsAnAttributeWithoutValue() {
    assertThatThrownBy(() -> HclParser.parse("main.tf", "a =\nb = 1\n"))
        .isInstanceOf(HclSyntaxException.class)
        .hasMessageContaining("missing expression after '='");
  }
}

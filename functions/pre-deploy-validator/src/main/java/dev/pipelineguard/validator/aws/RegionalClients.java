package dev.pipelineguard.validator.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;

/**
 * SDK clients by region, built on first use and kept: references may point at secrets or images in
 * another region (an ARN's region), which only that region's endpoint can answer.
 */
final class RegionalClients<C> {
  private final Region home;
  private final Function<Region, C> factory;
  private final Map<Region, C> clients = new ConcurrentHashMap<>();

  RegionalClients(Region home, Function<Region, C> factory) {
    this.home = home;
    this.factory = factory;
  }

  /** The client for {@code region} ({@code null} = the function's own region). */
  C forRegion(String region) {
    Region target = region == null || region.isBlank() ? home : Region.of(region);
    return clients.computeIfAbsent(target, factory);
  }
}

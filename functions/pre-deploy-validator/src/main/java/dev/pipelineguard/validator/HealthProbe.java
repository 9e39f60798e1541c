package dev.pipelineguard.validator;

import java.net.URI;

/** GETs a health URL within a bounded time; never throws for network problems. */
public interface HealthProbe {
  HttpAnswer get(URI url);
}

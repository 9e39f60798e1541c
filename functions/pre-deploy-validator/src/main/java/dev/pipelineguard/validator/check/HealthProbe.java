package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.model.HttpAnswer;
import java.net.URI;

/** GETs a health URL within a bounded time; never throws for network problems. */
public interface HealthProbe {
  HttpAnswer get(URI url);
}

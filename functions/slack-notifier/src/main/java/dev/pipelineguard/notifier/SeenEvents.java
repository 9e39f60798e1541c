package dev.pipelineguard.notifier;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keys of messages this container already posted (event ids and content keys), so an event
 * delivered twice is posted once. Bounded: the oldest keys are forgotten first.
 */
final class SeenEvents {
  private final Map<String, Boolean> keys;

  SeenEvents(int capacity) {
    this.keys =
        new LinkedHashMap<>(capacity * 2, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized boolean anySeen(Collection<String> candidates) {
    for (String key : candidates) {
      if (keys.containsKey(key)) {
        keys.get(key); // refresh
        return true;
      }
    }
    return false;
  }

  synchronized void remember(Collection<String> seen) {
    for (String key : seen) {
      keys.put(key, Boolean.TRUE);
    }
  }
}

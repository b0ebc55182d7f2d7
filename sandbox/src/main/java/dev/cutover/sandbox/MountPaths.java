package dev.cutover.sandbox;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Maps the paths a container sees (its volume mounts) to the directories the sandbox materialized
 * them in, and rewrites those paths where the pod spec names them (args, env values). A path is
 * rewritten only as a whole path component: {@code /etc/cutover/x} maps through the
 * {@code /etc/cutover} mount, {@code /etc/cutoverx} does not; nested mounts map through the longest.
 */
final class MountPaths {
  private final Map<String, Path> mounts;
  private final Pattern pattern;

  MountPaths(Map<String, Path> mounts) {
    this.mounts = new LinkedHashMap<>();
    mounts.forEach((mountPath, local) -> this.mounts.put(trimSlash(mountPath), local));
    String alternatives = this.mounts.keySet().stream()
        .sorted(Comparator.comparingInt(String::length).reversed())
        .map(Pattern::quote)
        .collect(Collectors.joining("|"));
    this.pattern = alternatives.isEmpty() ? null
        : Pattern.compile("(?<![\\w.\\-/])(" + alternatives + ")(?=/|$|[^\\w.\\-])");
  }

  private static String trimSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  String rewrite(String value) {
    if (value == null || pattern == null) {
      return value;
    }
    Matcher matcher = pattern.matcher(value);
    StringBuilder rewritten = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(rewritten, Matcher.quoteReplacement(mounts.get(matcher.group(1)).toString()));
    }
    matcher.appendTail(rewritten);
    return rewritten.toString();
  }
}

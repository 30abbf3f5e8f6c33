package io.github.katib4j.internal;

import io.github.katib4j.KatibException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps paths Katib mounts into a trial's container (the metrics file or directory, the PBT checkpoint folder) to
 * folders inside the trial's own directory on this machine, so parallel trials never share a file and no root access
 * is needed; the container path stays a suffix of the local one.
 */
public final class Mounts {
  private Mounts() {}

  /** Where {@code containerPath} lives inside {@code trialDirectory}. */
  public static Path local(Path trialDirectory, String containerPath, String what) {
    int start = 0;
    while (start < containerPath.length() && containerPath.charAt(start) == '/') {
      start++;
    }
    // Not replaceFirst("^/+", ""): that compiles a regular expression on every call, a few times per trial.
    String relative = containerPath.substring(start);
    Path resolved = trialDirectory.resolve(relative).normalize();
    if (!resolved.startsWith(trialDirectory.normalize())) {
      throw new KatibException(what + " " + containerPath + " leaves the trial directory; use a path without '..'");
    }
    return resolved;
  }

  /**
   * {@code text} with every occurrence of the mount point {@code containerPath} replaced by its local folder. A mount
   * only matches where a path starts, so an already localized path (which ends with the container path) is left alone.
   */
  public static String localize(String text, Path trialDirectory, String containerPath, String what) {
    String mount = containerPath.endsWith("/") && containerPath.length() > 1
        ? containerPath.substring(0, containerPath.length() - 1) : containerPath;
    String local = local(trialDirectory, mount, what).toString();
    if (!text.contains(mount)) {
      // Most arguments mention no mount: no need to compile the pattern for them.
      return text;
    }
    Matcher m = Pattern.compile("(?<![\\w./-])" + Pattern.quote(mount) + "(?=/|$|[^\\w.-])").matcher(text);
    return m.replaceAll(Matcher.quoteReplacement(local));
  }
}

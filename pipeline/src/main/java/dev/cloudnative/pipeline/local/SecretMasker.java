package dev.cloudnative.pipeline.local;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every secret value of a run by {@code ***} in the text the run hands out: output lines,
 * messages and outputs, hence events, snapshots and reports. Built once per run from the values of
 * the variables the pipeline and the runner mark secret. Immutable, thread-safe.
 *
 * <p>What counts as a form of a secret, as the GitHub Actions runner does it: the value itself,
 * each line of a multi-line value (a step prints it line by line), and its base64 encoding at the
 * three byte alignments it can have inside a longer encoded text ({@code printf 'x%s' "$TOKEN" |
 * base64}): the encoding of the value, of the value without its first byte and without its first
 * two bytes, each cut to the characters the value's bytes alone decide (and the value encoded on
 * its own, padding included). An encoding {@code base64} wraps at 76 columns (or PEM at 64) is also
 * masked line by line. Longer forms are replaced first. Encoded forms shorter than {@value
 * #MIN_ENCODED} characters are not masked: they would match ordinary text, and do not reveal the
 * value.
 */
final class SecretMasker {
  /** The replacement of every form of a secret. */
  static final String MASK = "***";

  static final int MIN_ENCODED = 6;
  private static final int[] WRAPS = {76, 64};
  private static final SecretMasker NONE = new SecretMasker(new String[0]);

  private final String[] forms;

  private SecretMasker(String[] forms) {
    this.forms = forms;
  }

  /** A masker of {@code values} (blank values are ignored: there is nothing to hide). */
  static SecretMasker of(Collection<String> values) {
    Set<String> forms = new LinkedHashSet<>();
    for (String v : values) {
      if (v == null || v.isBlank()) {
        continue;
      }
      forms.add(v);
      for (String line : v.split("\r?\n")) {
        if (!line.isBlank()) {
          forms.add(line);
        }
      }
      byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
      // the value encoded on its own, padding included, is masked whole
      forms.add(Base64.getEncoder().encodeToString(bytes));
      for (int shift = 0; shift < 3 && shift < bytes.length; shift++) {
        String encoded = determined(Arrays.copyOfRange(bytes, shift, bytes.length));
        if (encoded.length() >= MIN_ENCODED) {
          forms.add(encoded);
          for (int wrap : WRAPS) {
            // a wrapping encoder starts its lines at the start of the encoding: shift 0 only
            for (int i = 0;
                shift == 0 && encoded.length() > wrap && i < encoded.length();
                i += wrap) {
              String chunk = encoded.substring(i, Math.min(encoded.length(), i + wrap));
              if (chunk.length() >= MIN_ENCODED) {
                forms.add(chunk);
              }
            }
          }
        }
      }
    }
    if (forms.isEmpty()) {
      return NONE;
    }
    List<String> sorted = new ArrayList<>(forms);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new SecretMasker(sorted.toArray(String[]::new));
  }

  /** A masker with nothing to mask. */
  static SecretMasker none() {
    return NONE;
  }

  /**
   * The base64 characters decided by {@code bytes} alone, wherever they sit in a longer encoded
   * text that starts them at a group boundary: every 6 bits of them, no padding, not the last
   * character that also depends on the byte after them.
   */
  private static String determined(byte[] bytes) {
    String all = Base64.getEncoder().withoutPadding().encodeToString(bytes);
    return all.substring(0, (int) ((long) bytes.length * 8 / 6));
  }

  /** Whether there is anything to mask. */
  boolean isEmpty() {
    return forms.length == 0;
  }

  /** {@code text} with every form of every secret replaced by {@link #MASK}. */
  String mask(String text) {
    if (forms.length == 0 || text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String form : forms) {
      if (out.contains(form)) {
        out = out.replace(form, MASK);
      }
    }
    return out;
  }
}

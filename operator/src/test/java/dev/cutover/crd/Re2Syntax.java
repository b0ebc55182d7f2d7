package dev.cutover.crd;

import java.util.ArrayList;
import java.util.List;

/**
 * The API server compiles every {@code pattern} with Go's RE2 and refuses the CRD when that fails.
 * Java accepts more: this lists the Java-only constructs found in a pattern.
 */
final class Re2Syntax {
  private Re2Syntax() {}

  static List<String> javaOnlyConstructs(String pattern) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        char escaped = pattern.charAt(++i);
        switch (escaped) {
          case 'u' -> problems.add("\\u escape at " + (i - 1) + " (RE2 wants \\x{NNNN})");
          case 'h', 'H', 'R', 'X', 'G', 'Z' -> problems.add("\\" + escaped + " at " + (i - 1));
          case '1', '2', '3', '4', '5', '6', '7', '8', '9' -> problems.add("back-reference \\" + escaped + " at " + (i - 1));
          case 'k' -> problems.add("named back-reference at " + (i - 1));
          default -> { }
        }
      } else if (pattern.startsWith("(?=", i) || pattern.startsWith("(?!", i)
          || pattern.startsWith("(?<=", i) || pattern.startsWith("(?<!", i)) {
        problems.add("look-around at " + i);
      } else if (pattern.startsWith("(?>", i)) {
        problems.add("atomic group at " + i);
      } else if (c == '+' && i > 0 && "*+?}".indexOf(pattern.charAt(i - 1)) >= 0
          && (i < 2 || pattern.charAt(i - 2) != '\\')) {
        problems.add("possessive quantifier at " + i);
      }
    }
    return problems;
  }
}

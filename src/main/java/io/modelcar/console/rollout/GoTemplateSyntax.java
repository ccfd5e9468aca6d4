package io.modelcar.console.rollout;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether Go's {@code text/template} would parse a template, as KServe's {@code NewIngressConfig} does with
 * {@code pathTemplate} ({@code template.New("path-template").Parse(...)}, pkg/apis/serving/v1beta1/configmap.go).
 * Covers what a path template is made of: actions {@code {{ ... }}} with trim markers and comments, quoted strings,
 * parentheses, fields, variables, the predefined functions and the control structures with their {@code end}.
 * Anything Go accepts is accepted; a few exotic mistakes (e.g. a misplaced pipeline operator) are not caught.
 */
final class GoTemplateSyntax {

    /** text/template's predefined functions (text/template/funcs.go builtins). */
    private static final Set<String> FUNCTIONS = Set.of("and", "call", "html", "index", "slice", "js", "len", "not",
            "or", "print", "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne");
    private static final Set<String> OPENERS = Set.of("if", "range", "with", "define", "block");
    private static final Set<String> LITERALS = Set.of("true", "false", "nil");

    private GoTemplateSyntax() {
    }

    /** Why the template does not parse, or null when it does. */
    static String problem(String template) {
        Deque<String> open = new ArrayDeque<>();
        Set<String> variables = new HashSet<>();
        variables.add("$");
        int pos = 0;
        while (true) {
            int start = template.indexOf("{{", pos);
            if (start < 0) {
                break;
            }
            int body = start + 2;
            if (template.startsWith("- ", body) || template.startsWith("-\t", body)) {
                body += 2;
            }
            int end = template.indexOf("}}", body);
            if (end < 0) {
                return "unclosed action";
            }
            // a "}}" inside a quoted string does not close the action
            String problem = null;
            int close = closing(template, body);
            if (close < 0) {
                return "unclosed action or unterminated quoted string";
            }
            String action = template.substring(body, close).strip();
            if (action.endsWith(" -") || action.equals("-")) {
                action = action.substring(0, action.length() - 1).strip();
            }
            problem = action(action, open, variables);
            if (problem != null) {
                return problem;
            }
            pos = close + 2;
        }
        return open.isEmpty() ? null : "unexpected EOF: {{" + open.peek() + "}} has no {{end}}";
    }

    /** The index of the "}}" closing the action that starts at {@code from}, skipping quoted strings. */
    private static int closing(String t, int from) {
        int i = from;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (t.startsWith("/*", i)) {
                int endComment = t.indexOf("*/", i + 2);
                if (endComment < 0) {
                    return -1;
                }
                i = endComment + 2;
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < t.length() && t.charAt(i) != c) {
                    if (t.charAt(i) == '\\') {
                        i++;
                    } else if (t.charAt(i) == '\n') {
                        return -1;
                    }
                    i++;
                }
                if (i >= t.length()) {
                    return -1;
                }
                i++;
            } else if (c == '`') {
                int endRaw = t.indexOf('`', i + 1);
                if (endRaw < 0) {
                    return -1;
                }
                i = endRaw + 1;
            } else if (t.startsWith("}}", i)) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }

    private static String action(String action, Deque<String> open, Set<String> variables) {
        if (action.startsWith("/*")) {
            return action.endsWith("*/") ? null : "comment ends before closing delimiter";
        }
        if (action.isEmpty()) {
            return "missing value for command";
        }
        String first = action.split("[\\s(]", 2)[0];
        switch (first) {
            case "end" -> {
                if (open.isEmpty()) {
                    return "unexpected {{end}}";
                }
                open.pop();
                return action.equals("end") ? null : "unexpected token in {{end}}";
            }
            case "else" -> {
                if (open.isEmpty() || !Set.of("if", "range", "with").contains(open.peek())) {
                    return "unexpected {{else}}";
                }
                String rest = action.substring(4).strip();
                return rest.isEmpty() ? null : tokens(rest.replaceFirst("^(if|with)\\s", ""), variables);
            }
            case "break", "continue" -> {
                return open.contains("range") ? null : "{{" + first + "}} outside {{range}}";
            }
            default -> {
                if (OPENERS.contains(first)) {
                    open.push(first);
                    String rest = action.substring(first.length()).strip();
                    if (rest.isEmpty()) {
                        return "missing value for " + first;
                    }
                    return first.equals("define") || first.equals("block") ? null : tokens(rest, variables);
                }
                if (first.equals("template")) {
                    return null;
                }
                return tokens(action, variables);
            }
        }
    }

    /** The tokens of a pipeline: functions must exist, variables must be declared, parentheses must balance. */
    private static String tokens(String pipeline, Set<String> variables) {
        int depth = 0;
        int i = 0;
        while (i < pipeline.length()) {
            char c = pipeline.charAt(i);
            if (Character.isWhitespace(c) || c == '|' || c == ',') {
                i++;
            } else if (c == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                if (--depth < 0) {
                    return "unexpected right paren";
                }
                i++;
            } else if (c == '"' || c == '\'' || c == '`') {
                int endQuote = i + 1;
                while (endQuote < pipeline.length() && pipeline.charAt(endQuote) != c) {
                    endQuote += pipeline.charAt(endQuote) == '\\' && c != '`' ? 2 : 1;
                }
                i = endQuote + 1;
            } else if (pipeline.startsWith(":=", i) || c == '=') {
                i += c == ':' ? 2 : 1;
            } else {
                int j = i;
                while (j < pipeline.length() && !Character.isWhitespace(pipeline.charAt(j))
                        && "()|,\"'`=".indexOf(pipeline.charAt(j)) < 0 && !pipeline.startsWith(":=", j)) {
                    j++;
                }
                String word = pipeline.substring(i, j);
                String problem = word(word, pipeline.substring(j).stripLeading(), variables);
                if (problem != null) {
                    return problem;
                }
                i = j;
            }
        }
        return depth == 0 ? null : "unclosed left paren";
    }

    private static String word(String word, String after, Set<String> variables) {
        if (word.startsWith("$")) {
            String name = word.contains(".") ? word.substring(0, word.indexOf('.')) : word;
            if (after.startsWith(":=") || after.startsWith("=")) {
                variables.add(name);
                return null;
            }
            return variables.contains(name) ? null : "undefined variable \"" + name + "\"";
        }
        if (word.startsWith(".") || LITERALS.contains(word) || word.matches("[-+]?[0-9][0-9a-fA-FxXoObB_.eEpPi+-]*")) {
            return null;
        }
        if (word.matches("[\\p{L}_][\\p{L}\\p{N}_]*(\\.[\\p{L}\\p{N}_]+)*")) {
            String name = word.contains(".") ? word.substring(0, word.indexOf('.')) : word;
            return FUNCTIONS.contains(name) ? null : "function \"" + name + "\" not defined";
        }
        return "bad character in action: \"" + word + "\"";
    }
}

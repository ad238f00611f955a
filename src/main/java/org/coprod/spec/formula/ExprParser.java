package org.coprod.spec.formula;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses formula text into an {@link Expr} with R's operator precedence (see R's
 * {@code ?Syntax}), lowest first: {@code ~}; {@code | ||}; binary {@code + -};
 * {@code * /}; {@code %op%}; {@code :}; unary {@code + -}; {@code ^} (right
 * associative, and its right operand may start with a unary minus: {@code x^-1}).
 * Precedence climbing keeps this one small class instead of a generated grammar.
 */
final class ExprParser {

  private record Token(String kind, String text, int column) {}

  private final String source;
  private final List<Token> tokens;
  private int position;

  private ExprParser(String source) {
    this.source = source;
    this.tokens = tokenize(source);
  }

  /** Parses a whole formula text (or any R expression). */
  static Expr parse(String source) {
    ExprParser parser = new ExprParser(source);
    Expr expr = parser.expression(0);
    Token next = parser.peek();
    if (!next.kind.equals("end")) {
      throw new FormulaException("unexpected '" + next.text + "' in formula " + source, next.column);
    }
    return expr;
  }

  private static int binaryPrecedence(Token token) {
    if (!token.kind.equals("op")) {
      return -1;
    }
    return switch (token.text) {
      case "~" -> 1;
      case "|", "||" -> 2;
      case ">", ">=", "<", "<=", "==", "!=" -> 3;
      case "+", "-" -> 4;
      case "*", "/" -> 5;
      case ":" -> 7;
      case "^" -> 9;
      default -> token.text.startsWith("%") ? 6 : -1;
    };
  }

  private static final int UNARY_PRECEDENCE = 8;

  private Expr expression(int minimumPrecedence) {
    Expr left = prefix();
    while (true) {
      Token operator = peek();
      int precedence = binaryPrecedence(operator);
      if (precedence < 0 || precedence < minimumPrecedence) {
        return left;
      }
      position++;
      boolean rightAssociative = operator.text.equals("^") || operator.text.equals("~");
      Expr right = expression(rightAssociative ? precedence : precedence + 1);
      left = new Expr.Binary(operator.text, left, right, left.column());
    }
  }

  private Expr prefix() {
    Token token = next();
    switch (token.kind) {
      case "number":
        return number(token);
      case "name":
        if (peek().text.equals("(") && peek().kind.equals("op")) {
          position++;
          return call(token);
        }
        return new Expr.Name(token.text, token.column);
      case "op":
        switch (token.text) {
          case "-", "+":
            return new Expr.Unary(token.text, expression(UNARY_PRECEDENCE), token.column);
          case "~":
            return new Expr.Unary("~", expression(2), token.column);
          case "(":
            Expr inner = expression(0);
            expect(")", "'(' at column " + token.column + " is never closed");
            return new Expr.Paren(inner, token.column);
          default:
            break;
        }
        break;
      default:
        break;
    }
    String what = token.kind.equals("end") ? "end of formula" : "'" + token.text + "'";
    throw new FormulaException("unexpected " + what + " in formula " + source, token.column);
  }

  private Expr call(Token function) {
    List<Expr> arguments = new ArrayList<>();
    if (!(peek().kind.equals("op") && peek().text.equals(")"))) {
      do {
        arguments.add(expression(0));
      } while (accept(","));
    }
    expect(")", "unclosed call " + function.text + "(");
    return new Expr.Call(function.text, arguments, function.column);
  }

  private Expr number(Token token) {
    String text = token.text;
    boolean integer = text.endsWith("L");
    String digits = integer ? text.substring(0, text.length() - 1) : text;
    try {
      return new Expr.Number(Double.parseDouble(digits), integer, token.column);
    } catch (NumberFormatException e) {
      throw new FormulaException("invalid number '" + text + "'", token.column);
    }
  }

  private boolean accept(String text) {
    Token token = peek();
    if (token.kind.equals("op") && token.text.equals(text)) {
      position++;
      return true;
    }
    return false;
  }

  private void expect(String text, String problem) {
    if (!accept(text)) {
      Token token = peek();
      String found = token.kind.equals("end") ? "end of formula" : "'" + token.text + "'";
      throw new FormulaException(problem + ": expected '" + text + "' but found " + found, token.column);
    }
  }

  private Token peek() {
    return tokens.get(position);
  }

  private Token next() {
    Token token = tokens.get(position);
    if (!token.kind.equals("end")) {
      position++;
    }
    return token;
  }

  private static List<Token> tokenize(String source) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      int column = i + 1;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(source.charAt(i + 1)))) {
        int start = i;
        while (i < n && (Character.isDigit(source.charAt(i)) || source.charAt(i) == '.')) {
          i++;
        }
        if (i < n && (source.charAt(i) == 'e' || source.charAt(i) == 'E')) {
          int mark = i++;
          if (i < n && (source.charAt(i) == '+' || source.charAt(i) == '-')) {
            i++;
          }
          if (i < n && Character.isDigit(source.charAt(i))) {
            while (i < n && Character.isDigit(source.charAt(i))) {
              i++;
            }
          } else {
            i = mark;
          }
        }
        if (i < n && source.charAt(i) == 'L') {
          i++;
        }
        tokens.add(new Token("number", source.substring(start, i), column));
      } else if (Character.isLetter(c) || c == '.') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(source.charAt(i)) || source.charAt(i) == '.' || source.charAt(i) == '_')) {
          i++;
        }
        tokens.add(new Token("name", source.substring(start, i), column));
      } else if (c == '`') {
        int end = source.indexOf('`', i + 1);
        if (end < 0) {
          throw new FormulaException("unclosed backquote", column);
        }
        tokens.add(new Token("name", source.substring(i + 1, end), column));
        i = end + 1;
      } else if (c == '%') {
        int end = source.indexOf('%', i + 1);
        if (end < 0) {
          throw new FormulaException("unclosed %operator%", column);
        }
        tokens.add(new Token("op", source.substring(i, end + 1), column));
        i = end + 1;
      } else if ((c == '>' || c == '<' || c == '=' || c == '!') && i + 1 < n && source.charAt(i + 1) == '=') {
        tokens.add(new Token("op", source.substring(i, i + 2), column));
        i += 2;
      } else if (c == '>' || c == '<') {
        tokens.add(new Token("op", String.valueOf(c), column));
        i++;
      } else if (c == '|' && i + 1 < n && source.charAt(i + 1) == '|') {
        tokens.add(new Token("op", "||", column));
        i += 2;
      } else if ("~+-*/^:|(),".indexOf(c) >= 0) {
        tokens.add(new Token("op", String.valueOf(c), column));
        i++;
      } else {
        throw new FormulaException("unexpected character '" + c + "' in formula " + source, column);
      }
    }
    tokens.add(new Token("end", "", n + 1));
    return tokens;
  }
}

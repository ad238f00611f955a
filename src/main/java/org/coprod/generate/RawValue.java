package org.coprod.generate;

/**
 * Values that only dirt produces: a token of the wrong type, written as text whatever the
 * column's type, optionally in ISO-8859-1 instead of UTF-8.
 */
record RawValue(String text, boolean latin1) {}

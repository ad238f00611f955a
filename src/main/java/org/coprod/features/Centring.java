package org.coprod.features;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * How one numeric feature is centred before modelling.
 *
 * <ul>
 *   <li>{@link Kind#NONE}: as built.
 *   <li>{@link Kind#GRAND}: {@code x - mean(x)}, the unweighted mean over all citizen rows with a value.
 *   <li>{@link Kind#GROUP}: {@code x - mean_g(x)} with {@code mean_g} the unweighted mean of the
 *       citizen's group; the group mean itself is added as the level-2 column
 *       {@code <x>_mean_<group>}, so that a model with both separates the within-group from the
 *       between-group association (Mundlak 1978; Enders and Tofighi 2007).
 * </ul>
 *
 * @param kind none, grand or group
 * @param group the grouping column for {@link Kind#GROUP}, null otherwise
 */
public record Centring(Kind kind, String group) {

  /** The centring choices of the {@code features.centring} spec section. */
  public enum Kind {
    NONE,
    GRAND,
    GROUP;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final Centring NONE = new Centring(Kind.NONE, null);
  public static final Centring GRAND = new Centring(Kind.GRAND, null);

  public Centring {
    requireNonNull(kind, "kind is null");
    if (kind == Kind.GROUP) {
      requireNonNull(group, "group is null for group-mean centring");
      if (group.isBlank()) {
        throw new IllegalArgumentException("group is blank for group-mean centring");
      }
    } else if (group != null) {
      throw new IllegalArgumentException("a group is only allowed for group-mean centring, got " + group + " with " + kind.label());
    }
  }

  /** Group-mean centring within {@code group}. */
  public static Centring group(String group) {
    return new Centring(Kind.GROUP, group);
  }

  /** The added level-2 column of a group-mean-centred variable: {@code <variable>_mean_<group>}. */
  public static String groupMeanColumn(String variable, String group) {
    return variable + "_mean_" + group;
  }

  /** How the catalog describes this centring of {@code variable}. */
  String describe(String variable) {
    return switch (kind) {
      case NONE -> "not centred";
      case GRAND -> "centred at its grand mean";
      case GROUP -> "centred at its " + group + " mean (the mean is in " + groupMeanColumn(variable, group) + ")";
    };
  }
}

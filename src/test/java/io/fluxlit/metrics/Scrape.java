package io.fluxlit.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A parsed Prometheus text exposition (format 0.0.4): HELP, TYPE and samples. */
record Scrape(String text, Map<String, String> types, Map<String, String> helps, List<Sample> samples) {

  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value) {
  }

  static Scrape parse(String text) {
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, String> helps = new LinkedHashMap<>();
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.substring(7).split(" ", 2);
        types.put(parts[0], parts[1].trim());
      } else if (line.startsWith("# HELP ")) {
        String[] parts = line.substring(7).split(" ", 2);
        helps.put(parts[0], parts.length > 1 ? parts[1] : "");
      } else if (!line.startsWith("#")) {
        samples.add(sample(line));
      }
    }
    return new Scrape(text, types, helps, samples);
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    String rest;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String key = line.substring(i, eq).trim();
        StringBuilder value = new StringBuilder();
        int j = eq + 2; // after ="
        while (line.charAt(j) != '"') {
          char c = line.charAt(j);
          if (c == '\\') {
            char next = line.charAt(++j);
            value.append(next == 'n' ? '\n' : next);
          } else {
            value.append(c);
          }
          j++;
        }
        labels.put(key, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      rest = line.substring(i + 1).trim();
    } else {
      name = line.substring(0, space);
      rest = line.substring(space + 1).trim();
    }
    String value = rest.split(" ")[0];
    return new Sample(name, labels, switch (value) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(value);
    });
  }

  /** @return the samples of one sample name whose labels include all of {@code labels} */
  List<Sample> find(String name, Map<String, String> labels) {
    return samples.stream()
      .filter(s -> s.name().equals(name))
      .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
      .toList();
  }

  /** @return the value of exactly one matching sample, or 0 when there is none */
  double value(String name, String... labelPairs) {
    List<Sample> found = find(name, pairs(labelPairs));
    if (found.size() > 1) {
      throw new AssertionError("more than one sample " + name + " " + found);
    }
    return found.isEmpty() ? 0 : found.get(0).value();
  }

  /** @return the sum over every sample of {@code name} */
  double sum(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
  }

  List<Sample> where(Predicate<Sample> filter) {
    return samples.stream().filter(filter).toList();
  }

  static Map<String, String> pairs(String... labelPairs) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    return labels;
  }
}

package org.atende.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** What one load shares: the file name, the environment for substitution, and the problems found so far. */
final class LoadContext {

    private final String file;
    private final Map<String, String> env;
    private final List<ConfigProblem> problems = new ArrayList<>();

    LoadContext(String file, Map<String, String> env) {
        this.file = file;
        this.env = Map.copyOf(env);
    }

    /**
     * The directory of the configuration file, against which relative prompt paths resolve: the parent of
     * the file name as given ({@code ""}, the working directory, for a bare name or text without a file).
     */
    java.nio.file.Path baseDir() {
        try {
            java.nio.file.Path parent = java.nio.file.Path.of(file).getParent();
            return parent == null ? java.nio.file.Path.of("") : parent;
        } catch (java.nio.file.InvalidPathException e) {
            return java.nio.file.Path.of("");
        }
    }

    Map<String, String> env() {
        return env;
    }

    void problem(int line, String path, String message) {
        ConfigProblem p = new ConfigProblem(file, line, path, message);
        if (!problems.contains(p)) {
            problems.add(p);
        }
    }

    int problemCount() {
        return problems.size();
    }

    /** Problems in file order (stable: problems on one line keep the order they were found in). */
    List<ConfigProblem> problems() {
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(ConfigProblem::line));
        return sorted;
    }
}

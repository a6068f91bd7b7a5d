package org.atende.cli;

import picocli.CommandLine;

/** The version from the jar manifest (Implementation-Version), or "dev" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = AtendeCommand.class.getPackage().getImplementationVersion();
        return new String[] {"atende " + (version == null ? "dev" : version),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
    }
}

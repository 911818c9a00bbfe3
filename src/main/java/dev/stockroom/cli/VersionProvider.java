package dev.stockroom.cli;

import dev.stockroom.db.Migrations;
import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"Stockroom " + (version == null ? "(development build)" : version)
                + ", database schema " + Migrations.SCHEMA_VERSION};
    }
}

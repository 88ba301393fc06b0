/**
 * The command line of {@code java -jar fluxlit.jar}: one class per command ({@link
 * io.fluxlit.cli.RunCommand} for {@code run} and {@code dev}, {@link io.fluxlit.cli.ConfigCommand},
 * {@link io.fluxlit.cli.DoctorCommand}, {@link io.fluxlit.cli.ExtensionCommand}), the shared flag
 * parser {@link io.fluxlit.cli.CommandLine}, and {@link io.fluxlit.cli.CommandDispatcher}, which
 * picks the command and prints the usage. The table of commands is in {@code io.fluxlit.Main}.
 */
package io.fluxlit.cli;

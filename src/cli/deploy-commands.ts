import { REST } from 'discord.js';
import { loadConfig } from '../config.js';
import { COMMANDS } from '../discord/commands/index.js';
import { deployCommands } from '../discord/deploy.js';
import { scrubSecrets } from '../logger.js';
import { UsageError, type CliCommand, type CliIo, parseCliArgs } from './command.js';

/**
 * `paperboy deploy-commands [--guild ID]`: registers the bot's one command list (the list the router
 * answers), globally or in one guild (instant; for development), and only when it changed.
 */
export const deployCommandsCommand = {
  name: 'deploy-commands',
  usage: 'deploy-commands [--guild ID]',
  summary: 'register the slash commands with Discord (only when they changed)',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseCliArgs({ args, options: { guild: { type: 'string' } }, strict: true });
    const config = loadConfig();
    const guildId = values.guild ?? config.DISCORD_GUILD_ID;
    if (guildId !== undefined && !/^\d{17,20}$/.test(guildId))
      throw new UsageError(`--guild: not a guild id: '${guildId}'`);
    if (!config.DISCORD_TOKEN) {
      io.stderr.write(
        'paperboy deploy-commands: DISCORD_TOKEN is not set (the bot token from the Developer Portal).\n',
      );
      return 2;
    }
    const rest = new REST({ api: config.DISCORD_API_BASE.replace(/\/+$/, '') }).setToken(config.DISCORD_TOKEN);
    try {
      const result = await deployCommands(
        rest,
        COMMANDS.map((c) => c.data),
        { applicationId: config.DISCORD_APPLICATION_ID, guildId },
      );
      const where =
        result.scope === 'global' ? 'globally (may take up to an hour to appear)' : `in guild ${result.scope}`;
      io.stdout.write(
        result.changed
          ? `registered ${result.count} commands ${where} for application ${result.applicationId}\n`
          : `${result.count} commands already registered ${where}; nothing to do\n`,
      );
      return 0;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      io.stderr.write(`paperboy deploy-commands: ${scrubSecrets(message, [config.DISCORD_TOKEN])}\n`);
      return 1;
    }
  },
} satisfies CliCommand;

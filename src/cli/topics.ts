import type { Command } from 'commander';
import { withRuntime } from './run.js';

export function registerTopics(program: Command): void {
  const topics = program.command('topics').description('topic tools');
  topics
    .command('suggest')
    .description('propose topics for an article: people, places and organisations in its text, existing topics first')
    .argument('<url-or-slug>', 'the article’s slug, or its URL or path such as /world/2022/01/some-slug')
    .option('--limit <n>', 'how many to show', '15')
    .action((ref: string, opts: { limit: string }) =>
      withRuntime(async ({ services }) => {
        const suggestions = await services.topicSuggestions.forArticle(ref, Math.max(1, Number.parseInt(opts.limit, 10) || 15));
        if (!suggestions.length) console.log('No topics to suggest.');
        for (const s of suggestions) console.log(`${s.name}\t${s.kind}\t${s.existing ? 'existing topic' : 'new'}\t${s.mentions} mention${s.mentions === 1 ? '' : 's'}`);
      }),
    );
}

import { userService } from './accounts/users.js';
import type { Config } from './config.js';
import { articleService } from './content/articles.js';
import { ContentEvents } from './content/events.js';
import { taxonomyService } from './content/taxonomy.js';
import type { Database } from './db/connection.js';
import { importService } from './importers/import-service.js';
import { newsletterCatalogue } from './newsletters/catalogue.js';
import { topicSuggestionService } from './topics/topic-service.js';
import { onThisDayService } from './search/on-this-day.js';
import { searchService } from './search/search-service.js';

/**
 * Every service, wired to one database. Routes and CLI commands receive this and
 * never touch the database themselves.
 */
export function createServices(database: Database, config: Pick<Config, 'timeZone'>) {
  const events = new ContentEvents();
  const { db } = database;
  return {
    database,
    events,
    articles: articleService(db, { timeZone: config.timeZone, events }),
    taxonomy: taxonomyService(db, events),
    users: userService(db),
    newsletters: newsletterCatalogue(db),
    imports: importService(database, { timeZone: config.timeZone, events }),
    topicSuggestions: topicSuggestionService(db),
    search: searchService(database, { timeZone: config.timeZone }),
    onThisDay: onThisDayService(database, { timeZone: config.timeZone }),
  };
}

export type Services = ReturnType<typeof createServices>;

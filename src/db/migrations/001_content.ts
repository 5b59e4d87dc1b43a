import type { BroadsheetMigration } from '../migrator.js';

export const contentTables: BroadsheetMigration = {
  async up(db, dialect) {
    await dialect
      .addIdColumn(db.schema.createTable('sections'))
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('authors'))
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('photo_url', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('topics'))
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('print_issues'))
      .addColumn('number', 'integer', (c) => c.notNull().unique())
      .addColumn('issue_date', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('cover_url', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('print_issues_date').on('print_issues').column('issue_date').execute();

    await dialect
      .addIdColumn(db.schema.createTable('articles'))
      .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id'))
      .addColumn('slug', 'text', (c) => c.notNull())
      .addColumn('url_month', 'text', (c) => c.notNull())
      .addColumn('headline', 'text', (c) => c.notNull())
      .addColumn('standfirst', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('body_version', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('first_published_at', 'text')
      .addColumn('published_at', 'text')
      .addColumn('scheduled_for', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('print_issue_id', 'integer', (c) => c.references('print_issues.id'))
      .addColumn('sponsor', 'text')
      .addColumn('partner_slot_after', 'integer')
      .addColumn('seo_title', 'text')
      .addColumn('seo_description', 'text')
      .addColumn('image_url', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addUniqueConstraint('articles_url_unique', ['section_id', 'url_month', 'slug'])
      .execute();
    await db.schema.createIndex('articles_status_published').on('articles').columns(['status', 'published_at']).execute();
    await db.schema.createIndex('articles_section_published').on('articles').columns(['section_id', 'status', 'published_at']).execute();
    await db.schema.createIndex('articles_print_issue').on('articles').column('print_issue_id').execute();
    await db.schema.createIndex('articles_scheduled').on('articles').columns(['status', 'scheduled_for']).execute();

    await db.schema
      .createTable('article_authors')
      .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
      .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'author_id'])
      .execute();
    await db.schema.createIndex('article_authors_author').on('article_authors').columns(['author_id', 'article_id']).execute();

    await db.schema
      .createTable('article_topics')
      .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
      .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('suggested', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('article_topics_pk', ['article_id', 'topic_id'])
      .execute();
    await db.schema.createIndex('article_topics_topic').on('article_topics').columns(['topic_id', 'article_id']).execute();

    await dialect
      .addIdColumn(db.schema.createTable('article_revisions'))
      .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('snapshot', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('user_id', 'integer')
      .execute();
    await db.schema.createIndex('article_revisions_article').on('article_revisions').columns(['article_id', 'version']).execute();

    await dialect
      .addIdColumn(db.schema.createTable('redirects'))
      .addColumn('from_path', 'text', (c) => c.notNull().unique())
      .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('users'))
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('author_id', 'integer', (c) => c.references('authors.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('newsletters'))
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('cadence_cron', 'text')
      .addColumn('cadence_label', 'text')
      .addColumn('timezone', 'text', (c) => c.notNull())
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('marketing', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('sender_name', 'text')
      .addColumn('reply_to', 'text')
      .addColumn('requires_approval', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
};

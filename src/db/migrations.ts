import { contentTables } from './migrations/001_content.js';
import { importerColumns } from './migrations/002_importers.js';
import { searchIndex } from './migrations/004_search.js';
import { newsletterTables } from './migrations/005_newsletters.js';
import { accountTables } from './migrations/006_accounts.js';
import { editorTables } from './migrations/007_editor.js';
import { archiveMonths } from './migrations/008_archive.js';
import { searchTuning } from './migrations/009_search_tuning.js';
import { partnerPiecesIndex } from './migrations/010_partner_pieces.js';
import { siteSettingsTable } from './migrations/011_site_settings.js';
import { rateLimitTables } from './migrations/012_rate_limits.js';
import { topicReview } from './migrations/014_topic_review.js';
import { contentChangesTable } from './migrations/015_content_changes.js';
import { leadImageColumns } from './migrations/016_lead_image.js';
import { mediaUsesTable } from './migrations/017_media_uses.js';
import { previewNotesCorrections } from './migrations/018_preview_notes_corrections.js';
import { frontPinsTable } from './migrations/019_front_pins.js';
import { newsroomListIndexes } from './migrations/020_newsroom_list.js';
import { headlineTrigrams } from './migrations/022_headline_trigrams.js';
import { pagesTable } from './migrations/023_pages.js';
import { readerAccountTables } from './migrations/024_reader_accounts.js';
import { memberTables } from './migrations/025_members.js';
import { accessColumns } from './migrations/026_access.js';
import { pageMediaUsesTable } from './migrations/027_page_media_uses.js';
import { mediaSourceUrl } from './migrations/028_media_source_url.js';
import { memberRecordTables } from './migrations/029_member_records.js';
import { honestAsks } from './migrations/030_honest_asks.js';
import { bulkInsertTriggers } from './migrations/032_bulk_insert_triggers.js';
import { analyticsTables } from './migrations/033_analytics.js';
import { analyticsSize } from './migrations/041_analytics_size.js';
import { analyticsHourly } from './migrations/042_analytics_hourly.js';
import { suppliedSearchRows } from './migrations/043_supplied_search_rows.js';
import { searchPairs } from './migrations/044_search_pairs.js';
import { bulkLinkTriggers } from './migrations/045_bulk_link_triggers.js';
import { dropPrintIssueIndex } from './migrations/046_drop_print_issue_index.js';
import { apiKeysTable } from './migrations/034_api_keys.js';
import { analyticsAttribution } from './migrations/039_analytics_attribution.js';
import { webhookTables } from './migrations/035_webhooks.js';
import { activityPubTables } from './migrations/036_activitypub.js';
import type { BroadsheetMigration } from './migrator.js';

/**
 * Every migration, in order. Names sort in the order they run; add new ones at
 * the end with the next number and never edit one that has shipped.
 */
export const migrations: Record<string, BroadsheetMigration> = {
  '001_content': contentTables,
  '002_importers': importerColumns,
  '004_search': searchIndex,
  '005_newsletters': newsletterTables,
  '006_accounts': accountTables,
  '007_editor': editorTables,
  '008_archive': archiveMonths,
  '009_search_tuning': searchTuning,
  '010_partner_pieces': partnerPiecesIndex,
  '011_site_settings': siteSettingsTable,
  '012_rate_limits': rateLimitTables,
  '014_topic_review': topicReview,
  '015_content_changes': contentChangesTable,
  '016_lead_image': leadImageColumns,
  '017_media_uses': mediaUsesTable,
  '018_preview_notes_corrections': previewNotesCorrections,
  '019_front_pins': frontPinsTable,
  '020_newsroom_list': newsroomListIndexes,
  '022_headline_trigrams': headlineTrigrams,
  '023_pages': pagesTable,
  '024_reader_accounts': readerAccountTables,
  '025_members': memberTables,
  '026_access': accessColumns,
  '027_page_media_uses': pageMediaUsesTable,
  '028_media_source_url': mediaSourceUrl,
  '029_member_records': memberRecordTables,
  '030_honest_asks': honestAsks,
  '032_bulk_insert_triggers': bulkInsertTriggers,
  '033_analytics': analyticsTables,
  '034_api_keys': apiKeysTable,
  '039_analytics_attribution': analyticsAttribution,
  '035_webhooks': webhookTables,
  '036_activitypub': activityPubTables,
  '041_analytics_size': analyticsSize,
  '042_analytics_hourly': analyticsHourly,
  '043_supplied_search_rows': suppliedSearchRows,
  '044_search_pairs': searchPairs,
  '045_bulk_link_triggers': bulkLinkTriggers,
  '046_drop_print_issue_index': dropPrintIssueIndex,
};

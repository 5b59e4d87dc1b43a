/** The newsroom's site settings, one row per setting (migration 011); values are JSON. */
export interface SiteSettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

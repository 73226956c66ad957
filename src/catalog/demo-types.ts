/** Shape of the demo content seeded on first start of an empty portal. */
export interface DemoStoryText {
  title: string;
  standfirst: string;
  /** Paragraphs, separated by a blank line. */
  body: string;
}

export interface DemoVideo {
  /** Pattern variant 0..5 for the generated master. */
  variant: number;
  titleFr: string;
  titleEn: string;
  /** Length of the generated master in seconds (20..60). */
  seconds: number;
}

export interface DemoStory {
  slug: string;
  /** ISO date-time of publication. */
  publishedAt: string;
  fr: DemoStoryText;
  en: DemoStoryText;
  videos: DemoVideo[];
}

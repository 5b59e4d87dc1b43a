/**
 * How wide a front's lead picture is drawn (fronts.css): two thirds of the page beside the top
 * stories from 60rem, the screen's width below that; the browser picks its size from this.
 */
export const LEAD_SIZES = '(min-width: 72rem) 45rem, (min-width: 60rem) 64vw, 100vw';

/** A rail's first picture, across its column: a third of the page or so from 48rem, the screen below. */
export const RAIL_SIZES = '(min-width: 48rem) 22rem, 100vw';

/** A section front's lead picture: beside its words from 60rem (three fifths of the lead's column), the screen below. */
export const SECTION_LEAD_SIZES = '(min-width: 72rem) 27rem, (min-width: 60rem) 38vw, 100vw';

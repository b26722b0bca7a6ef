import { z } from 'zod';
import { postcodeDistricts } from './postcode-districts.ts';

export interface Place {
  /** As we show it: "HX1 2AB", or just the district, "HX1". */
  postcode: string;
  district: string;
  lat: number;
  lng: number;
}

export const unknownArea = 'We do not know that postcode area yet';
const notAPostcode = 'Enter a postcode like HX1 2AB, or the first part, like HX1';

const outwardPattern = /^[A-Z]{1,2}\d[A-Z\d]?$/;
const fullPattern = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/;

/** Split a typed postcode (any case, any spacing) into its district and the tidy form we store. */
export function normalisePostcode(raw: string): { postcode: string; district: string } | null {
  const compact = raw.toUpperCase().replace(/\s+/g, '');
  const full = fullPattern.exec(compact);
  if (full) return { postcode: `${full[1]} ${full[2]}`, district: full[1] as string };
  return outwardPattern.test(compact) ? { postcode: compact, district: compact } : null;
}

/** A postcode or district to a place, or the message to show beside the field. */
export function locate(raw: string): Place | string {
  const normal = normalisePostcode(raw);
  if (!normal) return notAPostcode;
  // "EC1A" is listed as itself; a sub-district we do not list ("SW1W") falls back to "SW1".
  const district = [normal.district, normal.district.replace(/[A-Z]$/, '')].find((d) => postcodeDistricts[d]);
  const at = district ? postcodeDistricts[district] : undefined;
  if (!district || !at) return unknownArea;
  return { postcode: normal.postcode, district, lat: at[0], lng: at[1] };
}

/** A zod field that turns a typed postcode into a Place, with a plain message when it cannot. */
export const postcodeField = (missing: string) =>
  z.string({ error: missing }).trim().min(1, missing).max(12, notAPostcode).transform((raw, ctx) => {
    const place = locate(raw);
    if (typeof place === 'string') {
      ctx.addIssue({ code: 'custom', message: place });
      return z.NEVER;
    }
    return place;
  });

const EARTH_RADIUS_MILES = 3958.8;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in miles. */
export function milesBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = radians(b.lat - a.lat);
  const dLng = radians(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The latitude and longitude ranges that contain every point within `miles` of `centre`: a
 * cheap, indexable first cut before the exact distance. Slightly generous, never too tight.
 */
export function boundingBox(centre: { lat: number; lng: number }, miles: number) {
  const dLat = (miles / EARTH_RADIUS_MILES) * (180 / Math.PI);
  const cosLat = Math.max(0.01, Math.cos(radians(Math.min(89, Math.abs(centre.lat) + dLat))));
  const dLng = dLat / cosLat;
  return { minLat: centre.lat - dLat, maxLat: centre.lat + dLat, minLng: centre.lng - dLng, maxLng: centre.lng + dLng };
}

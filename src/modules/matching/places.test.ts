import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundingBox, locate, milesBetween, normalisePostcode, unknownArea } from './places.ts';
import { postcodeDistricts } from './postcode-districts.ts';

test('postcodes are normalised whatever their case and spacing; districts stand alone', () => {
  assert.deepEqual(normalisePostcode('hx1 2ab'), { postcode: 'HX1 2AB', district: 'HX1' });
  assert.deepEqual(normalisePostcode('  HX12AB '), { postcode: 'HX1 2AB', district: 'HX1' });
  assert.deepEqual(normalisePostcode('ol14  5rt'), { postcode: 'OL14 5RT', district: 'OL14' });
  assert.deepEqual(normalisePostcode('hx7'), { postcode: 'HX7', district: 'HX7' });
  assert.deepEqual(normalisePostcode('ec1a 1bb'), { postcode: 'EC1A 1BB', district: 'EC1A' });
  assert.equal(normalisePostcode('not a postcode'), null);
  assert.equal(normalisePostcode('12345'), null);
});

test('a known district gives its place; an unknown one the plain message; nonsense asks for a postcode', () => {
  const place = locate('HX3 9XY');
  assert.ok(typeof place !== 'string');
  assert.equal(place.district, 'HX3');
  assert.equal(place.postcode, 'HX3 9XY');
  assert.equal(locate('ZE2 9AA'), unknownArea);
  assert.equal(unknownArea, 'We do not know that postcode area yet');
  assert.match(String(locate('hello')), /like HX1 2AB/);
  const fallback = locate('SW1W 0NY');
  assert.ok(typeof fallback === 'string', 'SW1 is not in the table, so SW1W is not guessed');
});

test('distances: Halifax to Leeds is about 14 miles and to Manchester about 23 (hand-checked, within 10%)', () => {
  const at = (d: string) => ({ lat: postcodeDistricts[d]?.[0] as number, lng: postcodeDistricts[d]?.[1] as number });
  const leeds = milesBetween(at('HX1'), at('LS1'));
  assert.ok(Math.abs(leeds - 14) / 14 < 0.1, `HX1 to LS1 is ${leeds}`);
  const manchester = milesBetween(at('HX1'), at('M1'));
  assert.ok(Math.abs(manchester - 23) / 23 < 0.1, `HX1 to M1 is ${manchester}`);
  const london = milesBetween(at('EH1'), at('SW1A'));
  assert.ok(Math.abs(london - 332) / 332 < 0.1, `Edinburgh to Westminster is ${london}`);
  assert.equal(milesBetween(at('HX1'), at('HX1')), 0);
  assert.equal(Object.keys(postcodeDistricts).length >= 150, true);
});

test('the bounding box never cuts off a point that is within the distance', () => {
  const centre = { lat: 53.72, lng: -1.86 };
  for (const [lat, lng] of Object.values(postcodeDistricts)) {
    const miles = milesBetween(centre, { lat, lng });
    const box = boundingBox(centre, Math.ceil(miles));
    assert.ok(lat >= box.minLat && lat <= box.maxLat && lng >= box.minLng && lng <= box.maxLng, `${lat},${lng} at ${miles} miles is outside its box`);
  }
});

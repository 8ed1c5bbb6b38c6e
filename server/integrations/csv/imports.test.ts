import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../testing/app-harness.js';
import type { ImportUpload, ImportView } from '../schemas.js';

const BOM = '\uFEFF';

describe('CSV import and export', { timeout: 120_000 }, () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({}, { start: true });
    const store = await h.admin({ method: 'POST', url: '/api/stores/import', payload: { csv: 'name,latitude,longitude\nLyon Presqu’île,45.76,4.83' } });
    expect(store.json()).toMatchObject({ imported: 1 });
  });
  afterEach(async () => {
    await h.close();
  });

  async function upload(kind: string, name: string, body: string | Buffer): Promise<ImportUpload> {
    const res = await h.admin({ method: 'POST', url: `/api/csv/imports?kind=${kind}&name=${encodeURIComponent(name)}`, headers: { 'content-type': 'text/csv' }, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as ImportUpload;
  }
  async function check(id: number, mapping: Record<string, string | null>): Promise<ImportView> {
    const res = await h.admin({ method: 'POST', url: `/api/csv/imports/${id}/check`, payload: { mapping } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ImportView;
  }
  async function runToEnd(id: number): Promise<ImportView> {
    const res = await h.admin({ method: 'POST', url: `/api/csv/imports/${id}/run` });
    expect(res.statusCode, res.body).toBe(202);
    for (;;) {
      const v = (await h.admin({ method: 'GET', url: `/api/csv/imports/${id}` })).json() as ImportView;
      if (v.status === 'done' || v.status === 'failed') return v;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const count = async () => ((await h.admin({ method: 'GET', url: '/api/customers?limit=1' })).json() as { total: number }).total;

  it('reads a ;-separated Excel export with a BOM, reports each bad row exactly, and writes nothing', async () => {
    const csv =
      BOM +
      [
        'E-mail;Prénom;Nom;Date de naissance;Magasin;Newsletter',
        'lea.martin@exemple.fr;Léa;Martin;14/07/1988;Lyon Presqu’île;oui',
        'camille@@exemple.fr;Camille;Roux;01/02/1990;;non',
        'hugo@exemple.fr;Hugo;Bernard;;Lille Centre;oui',
        'LEA.MARTIN@exemple.fr;Léa;Martin-Bis;;;',
        'ines@exemple.fr;Inès;Petit;1990/12/31;;1',
        'noe@exemple.fr;Noé;Durand;31/02/1991;;peut-être',
      ].join('\r\n') +
      '\r\n';
    const up = await upload('customers', 'export Excel.csv', csv);
    expect(up.import).toMatchObject({ delimiter: ';', hasBom: true, encoding: 'utf-8', status: 'uploaded' });
    expect(up.import.headers).toEqual(['E-mail', 'Prénom', 'Nom', 'Date de naissance', 'Magasin', 'Newsletter']);
    expect(up.preview[0]).toEqual(['lea.martin@exemple.fr', 'Léa', 'Martin', '14/07/1988', 'Lyon Presqu’île', 'oui']);
    expect(up.suggested).toMatchObject({ email: 'E-mail', firstName: 'Prénom', lastName: 'Nom', birthday: 'Date de naissance', store: 'Magasin', consentMarketing: 'Newsletter' });

    const checked = await check(up.import.id, up.suggested);
    expect(checked.status).toBe('invalid');
    const plain = { ...checked.check!, problems: checked.check!.problems.map(({ row, column, problem }) => ({ row, column, problem })) };
    expect(checked.check!.problems[1]).toMatchObject({ code: 'STORE_UNKNOWN', params: { value: 'Lille Centre' } });
    expect(plain).toEqual({
      rows: 6,
      problemCount: 6,
      create: 1,
      update: 0,
      unchanged: 0,
      problems: [
        { row: 3, column: 'E-mail', problem: '"camille@@exemple.fr" is not an e-mail address' },
        { row: 4, column: 'Magasin', problem: 'unknown store "Lille Centre"' },
        { row: 5, column: 'E-mail', problem: 'duplicate of row 2' },
        { row: 6, column: 'Date de naissance', problem: 'wrong date format: "1990/12/31" (expected DD/MM/YYYY or YYYY-MM-DD)' },
        { row: 7, column: 'Date de naissance', problem: 'wrong date format: "31/02/1991" (expected DD/MM/YYYY or YYYY-MM-DD)' },
        { row: 7, column: 'Newsletter', problem: '"peut-être" is not yes or no (oui/non, 1/0)' },
      ],
    });
    const run = await h.admin({ method: 'POST', url: `/api/csv/imports/${up.import.id}/run` });
    expect(run.statusCode).toBe(409);
    expect(run.json()).toMatchObject({ code: 'IMPORT_NOT_CHECKED' });
    expect(await count()).toBe(0);
  });

  it('imports a good file with its progress, and the same file again changes nothing; its own export reads back unchanged', async () => {
    const rows = ['email,first name,last name,birthday,city,postcode,store,consent,customer id'];
    for (let i = 0; i < 2_500; i++) rows.push(`client${i}@exemple.fr,Prénom${i},Nom ${i},${1950 + (i % 50)}-0${1 + (i % 9)}-1${i % 10},Lyon,6900${i % 10},${i % 3 === 0 ? 'Lyon Presqu’île' : ''},${i % 2 ? 'yes' : 'no'},SHOP-${i}`);
    const file = rows.join('\n');
    const up = await upload('customers', 'clients.csv', file);
    expect(up.import.delimiter).toBe(',');
    expect(up.suggested).toMatchObject({ email: 'email', externalId: 'customer id', store: 'store', consentMarketing: 'consent' });
    expect((await check(up.import.id, up.suggested)).check).toMatchObject({ rows: 2_500, problemCount: 0, create: 2_500 });
    const done = await runToEnd(up.import.id);
    expect(done).toMatchObject({ status: 'done', totalRows: 2_500, doneRows: 2_500, created: 2_500, updated: 0, unchanged: 0, error: null });
    expect(await count()).toBe(2_500);
    const api = h.app.parts.integrations;
    const c = h.app.parts.customers.customers.get(h.app.parts.customers.customers.idByEmail('client3@exemple.fr')!)!;
    expect(c).toMatchObject({ firstName: 'Prénom3', lastName: 'Nom 3', birthday: '1953-04-13', preferredStoreName: 'Lyon Presqu’île', consentMarketing: true, consentSource: 'import', source: 'import' });
    expect(api.externalIds.of(c.id)).toBe('SHOP-3');

    const again = await upload('customers', 'clients.csv', file);
    expect((await check(again.import.id, again.suggested)).check).toMatchObject({ problemCount: 0, create: 0, update: 0, unchanged: 2_500 });
    const updatedAt = c.updatedAt;
    expect(await runToEnd(again.import.id)).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 2_500 });
    expect(h.app.parts.customers.customers.get(c.id)!.updatedAt).toBe(updatedAt);

    // The export: ;-separated, BOM, CRLF, decimal commas; imported back, nothing changes.
    const exported = await h.admin({ method: 'GET', url: '/api/csv/customers.csv' });
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(exported.headers['content-disposition']).toMatch(/^attachment; filename="clients-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = exported.body;
    expect(text.startsWith(`${BOM}member_id;email;external_id;first_name;last_name`)).toBe(true);
    expect(text.split('\r\n').length).toBe(2_502);
    const back = await upload('customers', 'export.csv', text);
    expect(back.import).toMatchObject({ delimiter: ';', hasBom: true });
    expect((await check(back.import.id, back.suggested)).check).toMatchObject({ problemCount: 0, create: 0, update: 0, unchanged: 2_500 });
  });

  it('imports purchases once: points credited, the same file again credits nothing, bad rows named', async () => {
    await h.admin({ method: 'POST', url: '/api/customers', payload: { email: 'anna@exemple.fr' } });
    await h.admin({ method: 'POST', url: '/api/customers', payload: { email: 'marc@exemple.fr' } });
    const good = ['Email;N° commande;Montant TTC;Date;Magasin', 'anna@exemple.fr;C-1;42,50 €;14/03/2025 10:30;Lyon Presqu’île', 'anna@exemple.fr;;12;15/03/2025;', 'marc@exemple.fr;C-3;1 234,5;2025-03-16;'].join('\r\n');
    const up = await upload('purchases', 'ventes.csv', good);
    expect(up.suggested).toMatchObject({ customerEmail: 'Email', externalId: 'N° commande', amount: 'Montant TTC', purchasedAt: 'Date', store: 'Magasin' });
    expect((await check(up.import.id, up.suggested)).check).toMatchObject({ problemCount: 0, create: 3 });
    expect(await runToEnd(up.import.id)).toMatchObject({ status: 'done', created: 3 });
    const anna = h.app.parts.customers.customers.idByEmail('anna@exemple.fr')!;
    expect(h.app.parts.customers.customers.get(anna)!.pointsBalance).toBe(54);
    const first = h.app.parts.customers.purchases.listOf(anna).find((p) => p.externalId === 'C-1')!;
    expect(first).toMatchObject({ amountCents: 4250, channel: 'store', source: 'import', storeName: 'Lyon Presqu’île' });

    const again = await upload('purchases', 'ventes.csv', good);
    expect((await check(again.import.id, again.suggested)).check).toMatchObject({ problemCount: 0, create: 0, unchanged: 3 });
    // Exported purchases (those without an id of their own too) read back as the same purchases.
    const exported = (await h.admin({ method: 'GET', url: '/api/csv/purchases.csv' })).body;
    const back = await upload('purchases', 'achats.csv', exported);
    expect((await check(back.import.id, back.suggested)).check).toMatchObject({ problemCount: 0, create: 0, unchanged: 3 });

    const bad = ['Email;Montant;Date', 'nobody@exemple.fr;10;14/03/2025', 'anna@exemple.fr;dix euros;14/03/2025', 'anna@exemple.fr;10;03-14-2025'].join('\n');
    const b = await upload('purchases', 'bad.csv', bad);
    expect((await check(b.import.id, b.suggested)).check!.problems.map(({ row, column, problem }) => ({ row, column, problem }))).toEqual([
      { row: 2, column: 'Email', problem: 'no customer has the e-mail "nobody@exemple.fr"' },
      { row: 3, column: 'Montant', problem: '"dix euros" is not an amount in euros (such as 42,50)' },
      { row: 4, column: 'Date', problem: 'wrong date format: "03-14-2025" (expected DD/MM/YYYY [HH:MM] or YYYY-MM-DD [HH:MM])' },
    ]);
  });

  it('reads Excel’s plain CSV (Windows-1252) and refuses mappings that cannot work', async () => {
    const latin1 = Buffer.from('Courriel;Prénom\r\nzoé@exemple.fr;Zoé\r\n', 'latin1');
    const up = await upload('customers', 'ancien.csv', latin1);
    expect(up.import.encoding).toBe('windows-1252');
    expect(up.import.headers).toEqual(['Courriel', 'Prénom']);
    expect(up.preview).toEqual([['zoé@exemple.fr', 'Zoé']]);
    const noEmail = await h.admin({ method: 'POST', url: `/api/csv/imports/${up.import.id}/check`, payload: { mapping: { firstName: 'Prénom' } } });
    expect(noEmail.json()).toMatchObject({ code: 'IMPORT_FIELD_REQUIRED' });
    const twice = await h.admin({ method: 'POST', url: `/api/csv/imports/${up.import.id}/check`, payload: { mapping: { email: 'Courriel', firstName: 'Courriel' } } });
    expect(twice.json()).toMatchObject({ code: 'IMPORT_COLUMN_TWICE' });
    const unknown = await h.admin({ method: 'POST', url: `/api/csv/imports/${up.import.id}/check`, payload: { mapping: { email: 'Mail' } } });
    expect(unknown.json()).toMatchObject({ code: 'IMPORT_COLUMN_UNKNOWN' });
  });
});

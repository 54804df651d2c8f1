const test = require('node:test');
const assert = require('node:assert');
const request = require('supertest');
const app = require('../server');

test('GET / answers ok', async () => {
  const res = await request(app).get('/');
  assert.strictEqual(res.text, 'ok');
});

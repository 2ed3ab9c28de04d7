/** What the SDK derives from the service descriptors (src/client/services.ts → registry.ts), and their consistency. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { BUS_ERROR_CODES, InPageError } from '../../src/core/errors';
import { storageMethods } from '../../src/core/storage';
import type { AudioInput, Classification, ImageService, InPage, ServiceApis, SpeechCommand, SpeechService, TabularService, TextService, Topics, TrainResult, Transcript, TranscriptSentiment } from '../../src/client';
import type { Command } from '../../workers/speech/contract';
import type { TrainResult as TabularTrainResult } from '../../workers/tabular/contract';
import { ERROR_CODES, SERVICE_NAMES, SERVICE_PAGES, SERVICES, serviceOfModel } from '../../src/client/registry';
import { DESCRIPTORS } from '../../src/client/services';

const manifests = readdirSync('models')
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(`models/${name}`, 'utf8')) as { id: string; service: string });

describe('the registry', () => {
  it('lists the services in registration order, each with its page', () => {
    expect(SERVICE_NAMES).toEqual(['image', 'text', 'speech', 'tabular']);
    expect(SERVICE_PAGES.map(({ service, path, title }) => [service, path, title])).toEqual([
      ['image', 'image', 'Images'],
      ['text', 'text', 'Text'],
      ['speech', 'speech', 'Speech'],
      ['tabular', 'tabular', 'Tables'],
    ]);
  });

  it('gives the error codes of the bus, then the services’ own; a service’s code survives a structured clone', () => {
    expect(ERROR_CODES.slice(0, BUS_ERROR_CODES.length)).toEqual([...BUS_ERROR_CODES]);
    expect(BUS_ERROR_CODES).not.toContain('PERMISSION_DENIED');
    expect(ERROR_CODES).toEqual(expect.arrayContaining(['PERMISSION_DENIED', 'DEVICE_UNAVAILABLE']));
    expect(InPageError.from({ code: 'PERMISSION_DENIED', message: 'Microphone access was refused.' }).code).toBe('PERMISSION_DENIED');
    expect(InPageError.from({ code: 'NOT_A_CODE', message: 'x' }).code).toBe('INTERNAL');
  });

  it('keeps each old method name as an alias of a method the service has', () => {
    for (const { contract, aliases = {} } of Object.values(SERVICES)) {
      for (const [old, current] of Object.entries(aliases)) {
        expect(Object.keys(contract.methods), `${contract.name}.${old} → ${current}`).toContain(current);
        expect(Object.keys(contract.methods)).not.toContain(old);
      }
    }
  });

  it('declares a type for what every method of every service answers', () => {
    for (const { contract } of DESCRIPTORS) {
      const own = Object.entries(contract.methods).filter(([name]) => name !== 'ping' && !Object.hasOwn(storageMethods, name));
      expect(own.filter(([, spec]) => !('output' in spec)).map(([name]) => name), contract.name).toEqual([]);
    }
  });

  it('names, in its model groups, only manifests of the same service; ?model= ids find their service', () => {
    for (const { contract, modelGroups = [] } of DESCRIPTORS) {
      for (const id of modelGroups.flatMap((group) => group.models.map((m) => m.id))) {
        expect(manifests.find((m) => m.id === id)?.service, id).toBe(contract.name);
        expect(serviceOfModel(id)).toBe(contract.name);
      }
    }
    expect(serviceOfModel('no-such-model')).toBeUndefined();
  });

  it('types the SDK from the contracts: answers, page-side methods and topics', () => {
    expectTypeOf<ReturnType<ImageService['classify']>>().toEqualTypeOf<Promise<Classification[]>>();
    // The page-side client decodes files: recognize takes a File as well as samples.
    expectTypeOf<Parameters<SpeechService['recognize']>[0]>().toEqualTypeOf<AudioInput>();
    expectTypeOf<Topics['speech.transcribed']>().toEqualTypeOf<Transcript>();
    expectTypeOf<Topics['text.sentiment']>().toEqualTypeOf<TranscriptSentiment>();
    expectTypeOf<InPage['image']['exportCustomModel']>().toEqualTypeOf<InPage['image']['exportModel']>();
  });

  it("publishes each service's types as its service.ts lists them, under the names it gives them", () => {
    expectTypeOf<TextService>().toEqualTypeOf<ServiceApis['text']>();
    expectTypeOf<TabularService>().toEqualTypeOf<ServiceApis['tabular']>();
    expectTypeOf<SpeechCommand>().toEqualTypeOf<Command>();
    // Two contracts have a TrainResult: the SDK's is tabular's, because only tabular's service.ts publishes it.
    expectTypeOf<TrainResult>().toEqualTypeOf<TabularTrainResult>();
  });
});

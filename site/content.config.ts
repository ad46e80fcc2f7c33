import { defineCollection } from 'astro:content';
import { gatebook } from './loader';

export const collections = {
  runbooks: defineCollection({ loader: gatebook('runbooks') }),
  rules: defineCollection({ loader: gatebook('rules') }),
  site: defineCollection({ loader: gatebook('site') }),
};

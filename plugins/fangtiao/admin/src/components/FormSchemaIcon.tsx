import { Flex } from '@strapi/design-system';
import { BulletList } from '@strapi/icons';

/** The custom field's icon in the content-type builder. */
export const FormSchemaIcon = () => (
  <Flex justifyContent="center" alignItems="center" width={7} height={6} hasRadius aria-hidden>
    <BulletList />
  </Flex>
);

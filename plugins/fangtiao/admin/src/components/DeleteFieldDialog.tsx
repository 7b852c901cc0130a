import { Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';

import { dependents, fieldTitle } from '../schema/model';
import type { Field } from '../schema/model';

/** Confirms deleting a field, naming the fields whose display conditions depend on it. */
export function DeleteFieldDialog({
  fields,
  index,
  onClose,
  onDelete,
}: {
  fields: Field[];
  index: number;
  onClose: () => void;
  onDelete: () => void;
}) {
  const deps = dependents(fields, fields[index]?.key, index);
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Content>
        <Dialog.Header>删除字段</Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill="danger600" />}>
          <Flex direction="column" gap={2}>
            <Typography textAlign="center">
              确定删除{fieldTitle(fields, index)}（{fields[index].key}）？
            </Typography>
            {deps.length > 0 && (
              <Typography textAlign="center" variant="pi" textColor="danger600">
                {deps.map((i) => `「${fields[i].label || fields[i].key}」`).join('、')}
                的显示条件依据这个字段，删除后这些条件也会移除（字段总是显示）。
              </Typography>
            )}
            <Typography textAlign="center" variant="pi" textColor="neutral600">
              已登记的案件保存在旧版本的表单下，不受影响。
            </Typography>
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button type="button" fullWidth variant="tertiary">
              取消
            </Button>
          </Dialog.Cancel>
          <Dialog.Action>
            <Button type="button" fullWidth variant="danger-light" onClick={onDelete}>
              删除
            </Button>
          </Dialog.Action>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}

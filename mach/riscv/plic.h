/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The platform-level interrupt controller (RISC-V PLIC spec v1.0): routes
 * device interrupts to harts' S-mode external interrupt.  Handlers are
 * registered per source; a source is enabled on one hart (its target) or
 * on every hart (PLIC_ANY_CPU: whichever hart claims it first takes it).
 */
#ifndef _RISCV_PLIC_H_
#define _RISCV_PLIC_H_
#include <stdbool.h>
#include <stdint.h>

typedef void (*plic_handler_t)(uint32_t irq, void *arg);

/*
 * plic_init: every source's priority 0 (silent until plic_register); on
 * the boot hart after pmap_bootstrap.  Nothing without a PLIC.
 */
void plic_init(void);
/* plic_init_hart: this hart's context accepts every priority (threshold 0); on every hart. */
void plic_init_hart(void);
#define PLIC_ANY_CPU	(~0u)
/*
 * plic_register: call handler(irq, arg) for source `irq', routed to `cpu'
 * (or PLIC_ANY_CPU: every hart); replaces an earlier handler and its
 * routing.  The handler may run on several harts, one interrupt at a time
 * (the PLIC gives a claimed source to no one else until it is completed).
 */
int plic_register(uint32_t irq, unsigned cpu, plic_handler_t handler, void *arg);
/*
 * plic_mask / plic_unmask: stop and restart the delivery of source `irq'
 * (its enable bit on its target hart); a pending level stays pending.
 * Safe from interrupt handlers.  An irq never registered is ignored.
 */
void plic_mask(uint32_t irq);
void plic_unmask(uint32_t irq);
/*
 * plic_interrupt: from trap_handler, interrupts off: claim, run the
 * handler of and complete each pending source until none is left (one
 * without a handler is reported as spurious).
 */
void plic_interrupt(void);
/* plic_count: interrupts taken from `irq' so far (0 for an irq out of range). */
uint64_t plic_count(uint32_t irq);
/* plic_enabled_on: is `irq' enabled in `cpu's context?  (self-tests, the monitor) */
bool plic_enabled_on(uint32_t irq, unsigned cpu);

#endif /* _RISCV_PLIC_H_ */

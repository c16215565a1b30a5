/* SPDX-License-Identifier: BSD-2-Clause */
/* Reading the machine's description from the device tree (see riscv/platform.h). */
#include "riscv/platform.h"
#include "riscv/vm_param.h"
#include "lib/fdt.h"
#include "kern/printf.h"
#include "lib/string.h"

struct platform platform;

static void
add_reserved(uint64_t base, uint64_t size)
{
	if (size == 0)
		return;
	if (platform.nreserved == PLATFORM_MAX_RESERVED) {
		printf("platform: too many reserved ranges; ignoring %#lx+%#lx\n", base, size);
		return;
	}
	platform.reserved[platform.nreserved++] = (struct phys_range){ base, size };
}

static void
probe_memory(const struct fdt *fdt)
{
	for (int n = fdt_root(fdt); n >= 0; n = fdt_next_node(fdt, n)) {
		const char *type = fdt_prop_string(fdt, n, "device_type");
		uint64_t base, size;
		if (!type || strcmp(type, "memory") != 0)
			continue;
		for (int i = 0; fdt_reg(fdt, n, i, &base, &size); i++)
			if (size && platform.nmem < PLATFORM_MAX_MEM)
				platform.mem[platform.nmem++] = (struct phys_range){ base, size };
	}

	/* Firmware (OpenSBI) and the tree's own reservations. */
	uint64_t base, size;
	for (int i = 0; fdt_rsv(fdt, i, &base, &size); i++)
		add_reserved(base, size);
	int rm = fdt_path(fdt, "/reserved-memory");
	for (int n = rm >= 0 ? fdt_first_child(fdt, rm) : -1; n >= 0;
	     n = fdt_next_sibling(fdt, n))
		for (int i = 0; fdt_reg(fdt, n, i, &base, &size); i++)
			add_reserved(base, size);
}

/* The hart id of the cpu node owning the interrupt controller `phandle'. */
static int
intc_hartid(const struct fdt *fdt, uint32_t phandle, uint32_t *hartid)
{
	int intc = fdt_find_phandle(fdt, phandle);
	int cpu = intc >= 0 ? fdt_parent(fdt, intc) : -1;

	return cpu >= 0 && fdt_prop_u32(fdt, cpu, "reg", hartid) ? 0 : -1;
}

static void
probe_harts(const struct fdt *fdt, uint32_t boot_hartid)
{
	int cpus_node = fdt_path(fdt, "/cpus");
	uint32_t tb = 0;

	if (cpus_node < 0)
		return;
	if (fdt_prop_u32(fdt, cpus_node, "timebase-frequency", &tb))
		platform.timebase_hz = tb;

	/* The boot hart is logical cpu 0; the others follow in tree order. */
	platform.hartid[0] = boot_hartid;
	platform.nharts = 1;
	for (int n = fdt_first_child(fdt, cpus_node); n >= 0; n = fdt_next_sibling(fdt, n)) {
		const char *type = fdt_prop_string(fdt, n, "device_type");
		const char *status = fdt_prop_string(fdt, n, "status");
		uint32_t hartid;
		if (!type || strcmp(type, "cpu") != 0 || !fdt_prop_u32(fdt, n, "reg", &hartid))
			continue;
		if (status && strcmp(status, "okay") != 0)
			continue;
		if (!platform.timebase_hz && fdt_prop_u32(fdt, n, "timebase-frequency", &tb))
			platform.timebase_hz = tb;
		if (hartid == boot_hartid)
			continue;
		if (platform.nharts == MAX_CPUS) {
			printf("platform: more than %d harts; hart %u left offline\n",
			       MAX_CPUS, hartid);
			continue;
		}
		platform.hartid[platform.nharts++] = hartid;
	}
}

static void
probe_plic(const struct fdt *fdt)
{
	int n = fdt_find_compatible(fdt, -1, "riscv,plic0");
	if (n < 0)
		n = fdt_find_compatible(fdt, -1, "sifive,plic-1.0.0");
	if (n < 0 || !fdt_reg(fdt, n, 0, &platform.plic.base, &platform.plic.size))
		return;
	fdt_prop_u32(fdt, n, "riscv,ndev", &platform.plic_ndev);

	for (unsigned i = 0; i < MAX_CPUS; i++)
		platform.plic_context[i] = UINT32_MAX;
	/* interrupts-extended: one (intc phandle, cause) pair per context. */
	int len;
	const uint8_t *p = fdt_getprop(fdt, n, "interrupts-extended", &len);
	for (int ctx = 0; p && (ctx + 1) * 8 <= len; ctx++) {
		uint32_t phandle = fdt32(p + ctx * 8), cause = fdt32(p + ctx * 8 + 4);
		uint32_t hartid;
		if (cause != 9 || intc_hartid(fdt, phandle, &hartid) < 0)
			continue;			/* 9: supervisor external */
		for (unsigned i = 0; i < platform.nharts; i++)
			if (platform.hartid[i] == hartid)
				platform.plic_context[i] = (uint32_t)ctx;
	}
}

static bool
probe_uart_node(const struct fdt *fdt, int n)
{
	static const char *const compat[] = { "ns16550a", "ns16550" };

	for (unsigned i = 0; i < sizeof(compat) / sizeof(compat[0]); i++) {
		if (!fdt_is_compatible(fdt, n, compat[i]))
			continue;
		if (!fdt_reg(fdt, n, 0, &platform.uart.base, &platform.uart.size))
			return false;
		fdt_prop_u32(fdt, n, "interrupts", &platform.uart_irq);
		fdt_prop_u32(fdt, n, "clock-frequency", &platform.uart_clock_hz);
		strlcpy(platform.uart_compat, compat[i], sizeof(platform.uart_compat));
		return true;
	}
	return false;
}

static void
probe_uart(const struct fdt *fdt, int chosen)
{
	/* Prefer the console the firmware names in /chosen/stdout-path. */
	const char *path = chosen >= 0 ? fdt_prop_string(fdt, chosen, "stdout-path") : 0;
	if (path) {
		char buf[64];
		size_t len = strlen(path);
		const char *colon = strchr(path, ':');	/* "path:options" */
		if (colon)
			len = (size_t)(colon - path);
		if (len < sizeof(buf)) {
			memcpy(buf, path, len);
			buf[len] = '\0';
			int n = fdt_path(fdt, buf);
			if (n >= 0 && probe_uart_node(fdt, n))
				return;
		}
	}
	for (int n = fdt_root(fdt); n >= 0; n = fdt_next_node(fdt, n))
		if (probe_uart_node(fdt, n))
			return;
}

static void
probe_virtio(const struct fdt *fdt)
{
	for (int n = fdt_find_compatible(fdt, -1, "virtio,mmio"); n >= 0;
	     n = fdt_find_compatible(fdt, n, "virtio,mmio")) {
		unsigned i = platform.nvirtio;
		if (i == PLATFORM_MAX_VIRTIO)
			break;
		if (!fdt_reg(fdt, n, 0, &platform.virtio[i].base, &platform.virtio[i].size))
			continue;
		fdt_prop_u32(fdt, n, "interrupts", &platform.virtio_irq[i]);
		platform.nvirtio++;
	}
	/* Slot order is address order (QEMU lists them backwards). */
	for (unsigned i = 1; i < platform.nvirtio; i++) {
		for (unsigned j = i; j > 0 && platform.virtio[j].base < platform.virtio[j - 1].base; j--) {
			struct phys_range r = platform.virtio[j];
			uint32_t irq = platform.virtio_irq[j];
			platform.virtio[j] = platform.virtio[j - 1];
			platform.virtio_irq[j] = platform.virtio_irq[j - 1];
			platform.virtio[j - 1] = r;
			platform.virtio_irq[j - 1] = irq;
		}
	}
}

/* The real-time clock: QEMU virt's Goldfish RTC (riscv/rtc.c reads it). */
static void
probe_rtc(const struct fdt *fdt)
{
	int n = fdt_find_compatible(fdt, -1, "google,goldfish-rtc");

	if (n < 0 || !fdt_reg(fdt, n, 0, &platform.rtc.base, &platform.rtc.size))
		platform.rtc = (struct phys_range){ 0, 0 };
}

static void
probe_chosen(const struct fdt *fdt, int chosen)
{
	uint64_t start, end;

	if (chosen < 0)
		return;
	if (fdt_prop_u64(fdt, chosen, "linux,initrd-start", &start) &&
	    fdt_prop_u64(fdt, chosen, "linux,initrd-end", &end) && end > start)
		platform.initrd = (struct phys_range){ start, end - start };
	const char *args = fdt_prop_string(fdt, chosen, "bootargs");
	if (args)
		strlcpy(platform.bootargs, args, sizeof(platform.bootargs));
}

int
platform_probe(uint64_t dtb_pa, uint32_t boot_hartid)
{
	struct fdt fdt;

	if (fdt_init(&fdt, phystokv(dtb_pa)) < 0) {
		printf("platform: no valid device tree at %#lx\n", dtb_pa);
		return -1;
	}
	platform.dtb = (struct phys_range){ dtb_pa, fdt.size };
	const char *model = fdt_prop_string(&fdt, fdt_root(&fdt), "model");
	strlcpy(platform.model, model ? model : "unknown", sizeof(platform.model));

	int chosen = fdt_path(&fdt, "/chosen");
	probe_memory(&fdt);
	probe_harts(&fdt, boot_hartid);
	probe_plic(&fdt);
	probe_uart(&fdt, chosen);
	probe_virtio(&fdt);
	probe_rtc(&fdt);
	probe_chosen(&fdt, chosen);

	if (platform.nmem == 0) {
		printf("platform: the device tree lists no memory\n");
		return -1;
	}
	if (platform.timebase_hz == 0) {
		printf("platform: no timebase-frequency; assuming 10 MHz\n");
		platform.timebase_hz = 10000000;
	}
	return 0;
}

void
platform_print(void)
{
	printf("machine: %s, %u hart(s) in the device tree, timebase %lu Hz\n",
	       platform.model, platform.nharts, platform.timebase_hz);
	for (unsigned i = 0; i < platform.nmem; i++)
		printf("memory: %#lx-%#lx (%lu MiB)\n", platform.mem[i].base,
		       platform.mem[i].base + platform.mem[i].size - 1,
		       platform.mem[i].size >> 20);
	for (unsigned i = 0; i < platform.nreserved; i++)
		printf("reserved: %#lx-%#lx\n", platform.reserved[i].base,
		       platform.reserved[i].base + platform.reserved[i].size - 1);
	printf("uart: %s at %#lx, irq %u; plic at %#lx, %u sources\n",
	       platform.uart_compat[0] ? platform.uart_compat : "none",
	       platform.uart.base, platform.uart_irq, platform.plic.base, platform.plic_ndev);
	printf("virtio-mmio: %u slots", platform.nvirtio);
	if (platform.nvirtio)
		printf(" at %#lx-%#lx, irqs %u-%u", platform.virtio[0].base,
		       platform.virtio[platform.nvirtio - 1].base +
		       platform.virtio[platform.nvirtio - 1].size - 1,
		       platform.virtio_irq[0], platform.virtio_irq[platform.nvirtio - 1]);
	printf("\n");
	if (platform.rtc.size)
		printf("rtc: google,goldfish-rtc at %#lx\n", platform.rtc.base);
	else
		printf("rtc: none\n");
	if (platform.initrd.size)
		printf("initrd: %#lx-%#lx (%lu bytes)\n", platform.initrd.base,
		       platform.initrd.base + platform.initrd.size - 1, platform.initrd.size);
	else
		printf("initrd: none\n");
	printf("bootargs: \"%s\"\n", platform.bootargs);
}
